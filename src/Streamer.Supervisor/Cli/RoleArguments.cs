using System.Globalization;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// Arguments of an internal role, written by <see cref="Processes.SelfLauncher"/> and read here; the two
/// must agree, so both live in this library. Users never type these.
/// </summary>
public static class RoleArguments
{
    /// <summary>Builds the arguments that <see cref="Parse"/> reads back (without the role word).</summary>
    /// <param name="configPath">Configuration file the child reads.</param>
    /// <param name="runId">Run id (names the pipes).</param>
    /// <param name="parentPid">Pid the child watches.</param>
    /// <param name="symbols">A worker's symbols (one, or a group), else empty.</param>
    /// <param name="exchange">Exchange address overriding the configured one.</param>
    /// <param name="verbose">Debug logging.</param>
    public static IReadOnlyList<string> Format(string configPath, string runId, int parentPid, IReadOnlyList<string> symbols, Uri? exchange, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var args = new List<string> { "--config", configPath, "--run-id", runId, "--parent-pid", parentPid.ToString(CultureInfo.InvariantCulture) };
        if (symbols.Count > 0)
        {
            // One argument for a whole group keeps `ps` readable: --symbol BTCUSDT,ETHUSDT.
            args.Add("--symbol");
            args.Add(string.Join(',', symbols));
        }

        if (exchange is not null)
        {
            args.Add("--exchange");
            args.Add(exchange.ToString());
        }

        if (verbose)
        {
            args.Add("-v");
        }

        return args;
    }

    /// <summary>Parses the arguments after the role word.</summary>
    /// <exception cref="UsageException">A required argument is missing or malformed.</exception>
    public static RoleCommand Parse(ChildRole role, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? config = null, runId = null;
        var symbols = new List<string>();
        Uri? exchange = null;
        var parentPid = 0;
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = CommandLine.SplitInline(args[i]);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value"));
            switch (name)
            {
                case "--config" or "-c": config = Value(); break;
                case "--run-id": runId = Value(); break;
                case "--symbol":
                    symbols.AddRange(Value().ToUpperInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--parent-pid":
                    var pidText = Value();
                    if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out parentPid))
                    {
                        throw new UsageException($"--parent-pid '{pidText}' is not a process id");
                    }

                    break;
                case "--exchange":
                    var url = Value();
                    if (!Uri.TryCreate(url, UriKind.Absolute, out exchange) || exchange.Scheme is not ("http" or "https"))
                    {
                        throw new UsageException($"--exchange '{url}' is not an http(s) URL");
                    }

                    break;
                case "-v" or "--verbose": verbose = true; break;
                default: throw new UsageException($"unknown option '{name}' for the {ChildRoles.Name(role)} role");
            }
        }

        if (config is null || runId is null)
        {
            throw new UsageException($"the {ChildRoles.Name(role)} role needs --config and --run-id (it is started by the supervisor)");
        }

        if (role == ChildRole.Worker && symbols.Count == 0)
        {
            throw new UsageException("the worker role needs --symbol SYMBOL[,SYMBOL...]");
        }

        return new RoleCommand(role, config, runId, parentPid, role == ChildRole.Worker ? [.. symbols.Distinct(StringComparer.Ordinal)] : [], exchange, verbose);
    }
}
