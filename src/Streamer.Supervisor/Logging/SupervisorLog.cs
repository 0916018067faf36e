using Microsoft.Extensions.Logging;

namespace Streamer.Supervisor.Logging;

/// <summary>
/// Every log message of the supervisor. Event ids: 1000-1099 child processes, 1100-1149 start and
/// stop, 1150-1199 configuration reload, 1200-1249 control channel and run files.
/// </summary>
internal static partial class SupervisorLog
{
    [LoggerMessage(1000, LogLevel.Information, "{Child} started (pid {Pid})")]
    public static partial void ChildStarted(ILogger logger, string child, int pid);

    [LoggerMessage(1001, LogLevel.Warning, "{Child} exited with code {ExitCode} after {Uptime}; restarting in {Delay}")]
    public static partial void ChildExited(ILogger logger, string child, int exitCode, string uptime, string delay);

    [LoggerMessage(1002, LogLevel.Error, "{Child} exited with code {ExitCode} after {Uptime}; it is critical (workers keep their rows meanwhile); restarting in {Delay}")]
    public static partial void CriticalChildExited(ILogger logger, string child, int exitCode, string uptime, string delay);

    [LoggerMessage(1003, LogLevel.Error, "{Child} is in a crash loop: {Exits} exits within {Window} (last exit code {ExitCode}); retrying every {Delay}. Its log lines above say why")]
    public static partial void CrashLoop(ILogger logger, string child, int exits, string window, int exitCode, string delay);

    [LoggerMessage(1004, LogLevel.Error, "{Child}: the exchange does not list symbol {Symbol}; not restarting it. Remove it from the configuration or fix its name")]
    public static partial void SymbolRejected(ILogger logger, string child, string symbol);

    [LoggerMessage(1005, LogLevel.Error, "{Child} could not be started ({Command}): {Reason}")]
    public static partial void StartFailed(ILogger logger, string child, string command, string reason);

    [LoggerMessage(1006, LogLevel.Information, "{Child} stopped (exit code {ExitCode})")]
    public static partial void ChildStopped(ILogger logger, string child, int exitCode);

    [LoggerMessage(1007, LogLevel.Warning, "{Child} did not stop within {Timeout}; killed it and its descendants")]
    public static partial void ChildKilled(ILogger logger, string child, string timeout);

    [LoggerMessage(1100, LogLevel.Information, "streamer {Version} starting: mode {Mode}, {Symbols} symbol(s), data in {DataDir}")]
    public static partial void Starting(ILogger logger, string version, string mode, int symbols, string dataDir);

    [LoggerMessage(1101, LogLevel.Information, "stopping: workers first, then the order book, then the writer")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(1102, LogLevel.Information, "stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1103, LogLevel.Information, "simulated exchange listening on {Url}")]
    public static partial void SimulatorReady(ILogger logger, Uri url);

    [LoggerMessage(1104, LogLevel.Warning, "cleaned up {Count} process(es) left over from a previous run (supervisor pid {Pid})")]
    public static partial void OrphansCleaned(ILogger logger, int count, int pid);

    [LoggerMessage(1105, LogLevel.Information, "{Signal} received: stopping gracefully (send it again to stop at once)")]
    public static partial void SignalReceived(ILogger logger, string signal);

    [LoggerMessage(1106, LogLevel.Warning, "second {Signal}: killing every child now")]
    public static partial void SecondSignal(ILogger logger, string signal);

    [LoggerMessage(1150, LogLevel.Information, "configuration reloaded: {Summary}")]
    public static partial void Reloaded(ILogger logger, string summary);

    [LoggerMessage(1151, LogLevel.Error, "configuration change rejected, still running with the previous one: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, string reason);

    [LoggerMessage(1152, LogLevel.Warning, "configuration section(s) {Sections} changed: they apply to processes started from now on; restart streamer to apply them everywhere")]
    public static partial void ReloadNeedsRestart(ILogger logger, string sections);

    [LoggerMessage(1153, LogLevel.Debug, "configuration file changed but nothing to apply")]
    public static partial void ReloadNoChange(ILogger logger);

    [LoggerMessage(1155, LogLevel.Information, "restarting {Symbols} with their worker group (symbols_per_worker > 1: a group starts and stops as one process)")]
    public static partial void GroupRestarted(ILogger logger, string symbols);

    [LoggerMessage(1154, LogLevel.Warning, "{File} is not watched for changes ({Reason}); send SIGHUP to reload it")]
    public static partial void ConfigNotWatched(ILogger logger, string file, string reason);

    [LoggerMessage(1200, LogLevel.Warning, "control channel: {Reason}")]
    public static partial void ControlError(ILogger logger, string reason);

    [LoggerMessage(1201, LogLevel.Warning, "could not write {File}: {Reason}")]
    public static partial void RunFileError(ILogger logger, string file, string reason);

    [LoggerMessage(1202, LogLevel.Information, "stop requested over the control channel")]
    public static partial void ControlStop(ILogger logger);

    [LoggerMessage(1110, LogLevel.Information, "recording: {Rows} rows written ({Rate:0}/s), {Files} files open, {Streaming}/{Workers} workers streaming, stalest worker's last event {Lag} ago")]
    public static partial void Progress(ILogger logger, long rows, double rate, long files, int streaming, int workers, string lag);

    [LoggerMessage(1300, LogLevel.Information, "journal of {Source} (no longer configured): delivering {Frames} frame(s) to the writer")]
    public static partial void OrphanJournalDelivering(ILogger logger, string source, long frames);

    [LoggerMessage(1301, LogLevel.Information, "journal of {Source} (no longer configured): {Frames} frame(s) delivered")]
    public static partial void OrphanJournalDelivered(ILogger logger, string source, long frames);

    [LoggerMessage(1302, LogLevel.Error, "journal of {Source} (no longer configured) cannot be read: {Reason}; it stays on disk, retried at the next scan")]
    public static partial void OrphanJournalFailed(ILogger logger, string source, string reason);

    [LoggerMessage(1303, LogLevel.Warning, "stopped with {Frames} frame(s) not yet written and journalled for the next start ({Symbols}); the next run on this data directory writes them first")]
    public static partial void StopJournalled(ILogger logger, long frames, string symbols);

    [LoggerMessage(1304, LogLevel.Error, "stop LOST data: {Frames} frame(s) were neither written nor journalled: {Problems}")]
    public static partial void StopLost(ILogger logger, long frames, string problems);

    [LoggerMessage(1305, LogLevel.Information, "stop: starting the {Child} now (it was waiting to restart) so the workers can hand it their rows")]
    public static partial void StartingForDrain(ILogger logger, string child);
}
