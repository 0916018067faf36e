namespace Streamer.Supervisor.Cli;

/// <summary>The option table of the documented command line (DESIGN section 6).</summary>
public static class CliOptions
{
    public static readonly CliOption Config = new("--config", "-c", "file", "configuration file (default: ./config.yaml)");
    public static readonly CliOption Verbose = new("--verbose", "-v", null, "debug logging (overrides logging.level)");
    public static readonly CliOption Daemon = new("--daemon", null, "start|stop|restart|status", "run in the background and control that instance (exit 3: not running)");
    public static readonly CliOption Status = new("--status", null, null, "live status of every process if running, else the configuration (exit 0)");
    public static readonly CliOption Json = new("--json", null, null, "with --status: print JSON for scripts");
    public static readonly CliOption ListSymbols = new("--list-symbols", null, null, "list the configured symbols and their streams");
    public static readonly CliOption Simulate = new("--simulate", null, "simulator options...", "record from the built-in simulated exchange (offline); options after it go to the simulator");
    public static readonly CliOption Help = new("--help", "-h", null, "show this help");
    public static readonly CliOption Version = new("--version", null, null, "show the version");

    /// <summary>Set by <c>--daemon start</c> on the detached process it launches.</summary>
    public static readonly CliOption Daemonized = new("--daemonized", null, null, "internal: this process is the daemon", Hidden: true);

    /// <summary>Every option, in help order.</summary>
    public static IReadOnlyList<CliOption> All { get; } = [Config, Verbose, Daemon, Status, Json, ListSymbols, Simulate, Help, Version, Daemonized];

    /// <summary>Finds an option by its long or short name.</summary>
    public static CliOption? Find(string name) =>
        All.FirstOrDefault(o => o.Long == name || (o.Short is not null && o.Short == name));
}
