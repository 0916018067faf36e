using System.CommandLine;
using System.CommandLine.Parsing;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// The recorder's own options on the root command (DESIGN section 6): <c>streamer [-c file] [-v]</c> records,
/// <c>--daemon</c>, <c>--status</c> and <c>--list-symbols</c> choose another action, and the <c>--simulate</c> word takes
/// the rest of the line for the simulator.
/// </summary>
internal sealed class RootOptions
{
    public Option<string> Config { get; } = ConfigOption.Create();

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "debug logging (overrides logging.level)" };

    public Option<DaemonAction> Daemon { get; } = new("--daemon")
    {
        HelpName = "start|stop|restart|status",
        Description = "run in the background and control that instance (exit 3: not running)",
        CustomParser = ParseDaemon,
    };

    public Option<bool> Status { get; } = new("--status") { Description = "live status of every process if running, else the configuration (exit 0)" };

    public Option<bool> Json { get; } = new("--json") { Description = "with --status: print JSON for scripts" };

    public Option<bool> ListSymbols { get; } = new("--list-symbols") { Description = "list the configured symbols and their streams" };

    /// <summary>Set by <c>--daemon start</c> on the detached process it launches.</summary>
    public Option<bool> Daemonized { get; } = new("--daemonized") { Hidden = true, Description = "internal: this process is the daemon" };

    /// <summary>
    /// <c>--simulate [simulator options]</c>: a command spelled like an option, as it always was. Its argument takes every
    /// word after it, so the simulator's options never clash with streamer's (even <c>-v</c>).
    /// </summary>
    public Argument<string[]> SimulatorArgs { get; } = new("simulator options")
    {
        Arity = ArgumentArity.ZeroOrMore,
        CaptureRemainingTokens = true,
        Description = "options of the simulated exchange (streamer simulate --help); streamer's own, like -c, go before --simulate",
    };

    public RootOptions()
    {
        Daemon.CompletionSources.Clear();
        Daemon.CompletionSources.Add("start", "stop", "restart", "status");
    }

    public IEnumerable<Option> All => [Config, Verbose, Daemon, Status, Json, ListSymbols, Daemonized];

    /// <summary>The rules between the options, checked while parsing so a violation is a usage error like any other.</summary>
    public void Validate(CommandResult root, Command simulate)
    {
        var actions = new Option[] { Daemon, Status, ListSymbols }.Where(o => root.GetResult(o) is not null).ToList();
        if (actions.Count > 1)
        {
            root.AddError($"{actions[0].Name} and {actions[1].Name} cannot be combined");
        }

        if (root.GetResult(Json) is not null && root.GetResult(Status) is null)
        {
            root.AddError("--json only goes with --status");
        }

        if (root.GetResult(simulate) is null)
        {
            return;
        }

        if (actions.FirstOrDefault(a => a != Daemon) is { } other)
        {
            root.AddError($"--simulate cannot be combined with {other.Name}");
        }

        if (root.GetResult(Daemon)?.Tokens is [{ Value: "stop" or "status" } verb])
        {
            root.AddError($"--simulate does not go with --daemon {verb.Value}");
        }
    }

    /// <summary>What the root (or <c>--simulate</c>) asks for.</summary>
    public CliCommand Bind(ParseResult r, IReadOnlyList<string>? simulatorArgs)
    {
        var config = r.GetValue(Config) ?? CommandLine.DefaultConfigPath;
        if (r.GetValue(Status))
        {
            return new StatusCommand(config, r.GetValue(Json));
        }

        if (r.GetValue(ListSymbols))
        {
            return new ListSymbolsCommand(config);
        }

        var run = new RunCommand(config, r.GetValue(Verbose), simulatorArgs, r.GetValue(Daemonized));
        return r.GetResult(Daemon) is null ? run : new DaemonCommand(r.GetValue(Daemon), run);
    }

    private static DaemonAction ParseDaemon(ArgumentResult result)
    {
        var verb = result.Tokens[0].Value;
        switch (verb)
        {
            case "start": return DaemonAction.Start;
            case "stop": return DaemonAction.Stop;
            case "restart": return DaemonAction.Restart;
            case "status": return DaemonAction.Status;
            default:
                result.AddError($"--daemon takes start, stop, restart or status, not '{verb}'");
                return default;
        }
    }
}
