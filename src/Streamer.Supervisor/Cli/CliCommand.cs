using System.CommandLine;
using Streamer.Simulator;

namespace Streamer.Supervisor.Cli;

/// <summary>What the command line asks for.</summary>
public abstract record CliCommand;

/// <summary><c>streamer [-c file] [-v] [--simulate ...]</c>: run the supervisor in the foreground.</summary>
/// <param name="ConfigPath">Configuration file as given.</param>
/// <param name="Verbose">Debug logging.</param>
/// <param name="SimulatorArgs">Arguments for the simulated exchange, or null when recording from the real one.</param>
/// <param name="Daemonized">This process was launched by <c>--daemon start</c>: it owns the pid file.</param>
public sealed record RunCommand(string ConfigPath, bool Verbose, IReadOnlyList<string>? SimulatorArgs, bool Daemonized) : CliCommand;

/// <summary><c>--daemon start|stop|restart|status</c>.</summary>
/// <param name="Run">What the daemon runs (for start and restart).</param>
public sealed record DaemonCommand(DaemonAction Action, RunCommand Run) : CliCommand;

/// <summary>The verb of <c>--daemon</c>.</summary>
public enum DaemonAction
{
    Start,
    Stop,
    Restart,
    Status,
}

/// <summary><c>--status [--json]</c>.</summary>
public sealed record StatusCommand(string ConfigPath, bool Json) : CliCommand;

/// <summary><c>--list-symbols</c>.</summary>
public sealed record ListSymbolsCommand(string ConfigPath) : CliCommand;

/// <summary>
/// <c>streamer verify [-c config.yaml] [verify options] [SYMBOL...]</c>: checks recorded files. The
/// configuration only names the data directory; <see cref="Args"/> go to the verifier unchanged.
/// </summary>
public sealed record VerifyFilesCommand(string ConfigPath, IReadOnlyList<string> Args) : CliCommand;

/// <summary>
/// <c>streamer convert --to parquet [-c config.yaml] [options]</c>: closed CSV days into Parquet parts. The configuration
/// names the data directory and the layout; <see cref="Args"/> go to the converter unchanged.
/// </summary>
public sealed record ConvertFilesCommand(string ConfigPath, IReadOnlyList<string> Args) : CliCommand;

/// <summary>
/// <c>streamer history download|fill [-c config.yaml] [history options]</c>: Binance's public dumps into the
/// recorded files. The configuration names the data directory and the dump server; <see cref="Args"/> go to
/// the history library unchanged.
/// </summary>
public sealed record HistoryFilesCommand(string ConfigPath, IReadOnlyList<string> Args) : CliCommand;

/// <summary>
/// <c>streamer upload --once [-c config.yaml]</c>: uploads the sealed files now and exits (for cron); <see cref="Args"/>
/// go to the upload library.
/// </summary>
public sealed record UploadFilesCommand(string ConfigPath, IReadOnlyList<string> Args) : CliCommand;

/// <summary>
/// What System.CommandLine answers by itself: <c>--help</c> of any command, <c>--version</c> and the <c>[suggest]</c>
/// directive behind shell completion. <see cref="Commands.StreamerApp"/> invokes <see cref="Result"/>'s action.
/// </summary>
public sealed record BuiltInCommand(ParseResult Result) : CliCommand;

/// <summary><c>streamer completion bash</c>: prints the script that wires bash's completion to <c>[suggest]</c>.</summary>
public sealed record CompletionCommand(string Shell) : CliCommand;

/// <summary>
/// An internal role launched by the supervisor:
/// <c>streamer writer|worker|orderbook --config p --run-id id --parent-pid pid [--symbol X[,Y...]] [--exchange url] [-v]</c>.
/// <see cref="Symbols"/> are a worker's symbols (one, or a group when <c>supervisor.symbols_per_worker</c> &gt; 1), else empty.
/// </summary>
public sealed record RoleCommand(ChildRole Role, string ConfigPath, string RunId, int ParentPid, IReadOnlyList<string> Symbols, Uri? Exchange, bool Verbose) : CliCommand
{
    /// <inheritdoc />
    public bool Equals(RoleCommand? other) =>
        other is not null && Role == other.Role && ConfigPath == other.ConfigPath && RunId == other.RunId && ParentPid == other.ParentPid
        && Symbols.SequenceEqual(other.Symbols, StringComparer.Ordinal) && Exchange == other.Exchange && Verbose == other.Verbose;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Role, ConfigPath, RunId, ParentPid, Symbols.Count, Exchange, Verbose);
}

/// <summary>
/// <c>streamer simulate [options]</c>: the simulated exchange alone. <see cref="ParentPid"/> is the hidden
/// <c>--parent-pid</c> the supervisor sets when it runs the simulator as a child (0 when typed by a user).
/// </summary>
public sealed record SimulateCommand(SimulatorOptions Options, int ParentPid) : CliCommand;
