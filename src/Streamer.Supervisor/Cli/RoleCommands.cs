using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// The hidden commands of the internal roles:
/// <c>streamer writer|worker|orderbook|uploader --config p --run-id id --parent-pid pid [--symbol X[,Y...]] [--exchange url] [-v]</c>,
/// as <see cref="RoleArguments.Format"/> writes them.
/// </summary>
internal static class RoleCommands
{
    public static IEnumerable<Command> Create()
    {
        foreach (var role in new[] { ChildRole.Writer, ChildRole.Worker, ChildRole.OrderBook, ChildRole.Uploader })
        {
            yield return Create(role);
        }
    }

    private static Command Create(ChildRole role)
    {
        var name = ChildRoles.Name(role);
        var config = new Option<string>("--config", "-c") { HelpName = "file", Description = "configuration file (the run's snapshot)" };
        var runId = new Option<string>("--run-id") { Description = "run id: names the pipes" };
        var parentPid = new Option<int>("--parent-pid")
        {
            Description = "the supervisor's pid, watched to exit with it",
            CustomParser = r => int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                ? pid
                : Error<int>(r, $"--parent-pid '{r.Tokens[0].Value}' is not a process id"),
        };
        var symbols = new Option<string[]>("--symbol")
        {
            HelpName = "SYMBOL[,SYMBOL...]",
            Description = "a worker's symbols",
            Arity = ArgumentArity.OneOrMore,
            // Keys (ExchangePaths.Key): the symbol is upper case, an exchange prefix (binance-spot/...) lower case.
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(k => Core.Exchanges.ExchangePaths.ParseKey(k) is var (exchange, symbol)
                    ? Core.Exchanges.ExchangePaths.Key(exchange.ToLowerInvariant(), symbol.ToUpperInvariant()) : k)],
        };
        var exchange = new Option<Uri>("--exchange")
        {
            HelpName = "url",
            Description = "exchange address instead of the configured one",
            CustomParser = r => Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : Error<Uri>(r, $"--exchange '{r.Tokens[0].Value}' is not an http(s) URL"),
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "debug logging" };
        var command = new Command(name, $"internal: the {name} process, started by the supervisor") { Hidden = true };
        foreach (var option in new Option[] { config, runId, parentPid, symbols, exchange, verbose })
        {
            command.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetResult(config) is null || result.GetResult(runId) is null)
            {
                result.AddError($"the {name} role needs --config and --run-id (it is started by the supervisor)");
            }
            else if (role == ChildRole.Worker && result.GetResult(symbols) is null)
            {
                result.AddError("the worker role needs --symbol SYMBOL[,SYMBOL...]");
            }
        });
        command.Action = new BindAction(r => new RoleCommand(
            role,
            r.GetRequiredValue(config),
            r.GetRequiredValue(runId),
            r.GetValue(parentPid),
            role == ChildRole.Worker ? [.. r.GetRequiredValue(symbols).Distinct(StringComparer.Ordinal)] : [],
            r.GetValue(exchange),
            r.GetValue(verbose)));
        return command;
    }

    private static T Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
