using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;
using Streamer.Supervisor.Processes;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Daemon;

/// <summary>
/// <c>streamer --daemon start|stop|restart|status</c>. The daemon is the foreground supervisor started
/// detached with <c>--daemonized</c>; it writes and removes <c>daemon.pid_file</c> itself, while it holds
/// the data directory's lock. Stop and status find the supervisor through that lock
/// (<see cref="RunningInstance"/>), so a stale pid file or a reused pid never fools them; the pid file
/// is only cleaned up. Exit codes: 0 ok, 1 failure (already running, did not start), 2 bad
/// configuration, 3 not running (stop, status).
/// </summary>
public static class DaemonHandler
{
    /// <summary>Carries out <paramref name="command"/>.</summary>
    public static async Task<int> RunAsync(DaemonCommand command, CliConsole console, SelfCommand self, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(console);
        switch (command.Action)
        {
            case DaemonAction.Status:
                return Status(LoadQuiet(command.Run.ConfigPath), console);
            case DaemonAction.Stop:
                return await DaemonStop.RunAsync(LoadQuiet(command.Run.ConfigPath), console, ct).ConfigureAwait(false);
            case DaemonAction.Restart:
                var code = await DaemonStop.RunAsync(LoadQuiet(command.Run.ConfigPath), console, ct).ConfigureAwait(false);
                return code is ExitCodes.Ok or ExitCodes.NotRunning ? await DaemonStart.RunAsync(command.Run, console, self, ct).ConfigureAwait(false) : code;
            default:
                return await DaemonStart.RunAsync(command.Run, console, self, ct).ConfigureAwait(false);
        }
    }

    private static StreamerConfig LoadQuiet(string path) => ConfigLoader.Load(path, checkDataDir: false);

    private static int Status(StreamerConfig config, CliConsole console)
    {
        var pidFile = PidFile.Read(config.Daemon.PidFile);
        var running = RunningInstance.Find(config);
        StalePidFile.Remove(config, pidFile, console, report: false);
        if (running is null)
        {
            console.Out.WriteLine("streamer is not running");
            return ExitCodes.NotRunning;
        }

        var started = ProcessInspector.StartTime(running.Pid);
        var uptime = started is { } s ? ", up " + DurationText.Format(TimeProvider.System.GetUtcNow() - s) : "";
        console.Out.WriteLine(pidFile == running.Pid
            ? $"streamer is running (pid {running.Pid}{uptime}); log: {config.Daemon.LogFile}"
            : $"streamer is running (pid {running.Pid}{uptime}) in the foreground, recording into {running.DataDir}");
        return ExitCodes.Ok;
    }
}
