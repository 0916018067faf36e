using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Processes;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Processes;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Daemon;

/// <summary>
/// <c>streamer --daemon stop</c>: stops the owner of the data directory (found through its lock, whether it
/// runs as a daemon or in the foreground) and waits until it is gone. When nobody owns it, exit 3, after
/// removing a stale pid file and stopping any children a killed supervisor left behind.
/// </summary>
internal static class DaemonStop
{
    public static async Task<int> RunAsync(StreamerConfig config, CliConsole console, CancellationToken ct)
    {
        // Read before looking for the owner: files seen first and no owner after are surely left over.
        var pidInFile = PidFile.Read(config.Daemon.PidFile);
        var runFiles = RunningInstance.DataDirs(config).Select(RunFile.TryRead).OfType<RunInfo>().ToList();
        var running = RunningInstance.Find(config);
        if (running is null)
        {
            StalePidFile.Remove(config, pidInFile, console, report: true);
            await CleanLeftoversAsync(runFiles, config, console, ct).ConfigureAwait(false);
            console.Out.WriteLine("streamer is not running");
            return ExitCodes.NotRunning;
        }

        var pid = running.Pid;
        if (!Signals.Send(pid, Signals.SigTerm))
        {
            // Windows has no SIGTERM: ask over the control channel.
            await ControlClient.RequestAsync(running.ControlPipe, ControlProtocol.Stop, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        }

        // Workers, order book and writer each get stop_timeout, one after the other.
        var timeout = config.Supervisor.StopTimeout * 3 + TimeSpan.FromSeconds(10);
        console.Out.WriteLine($"stopping streamer (pid {pid}); waiting up to {DurationText.Format(timeout)}");
        if (!await Poll.UntilAsync(() => !ProcessInspector.IsAlive(pid), timeout, TimeProvider.System, ct).ConfigureAwait(false))
        {
            ProcessInspector.KillTree(pid);
            PidFile.Delete(config.Daemon.PidFile, pid);
            console.Out.WriteLine($"streamer (pid {pid}) did not stop within {DurationText.Format(timeout)}; killed it and its children");
            return ExitCodes.Ok;
        }

        console.Out.WriteLine("streamer stopped");
        return ExitCodes.Ok;
    }

    // Children of a supervisor killed with -9 leave by themselves within seconds; stopping them here means a
    // script's "stop" really leaves nothing behind. A run file whose pid is alive again names a reused pid.
    private static async Task CleanLeftoversAsync(List<RunInfo> runFiles, StreamerConfig config, CliConsole console, CancellationToken ct)
    {
        foreach (var run in runFiles.Where(r => !ProcessInspector.IsAlive(r.Pid)))
        {
            var cleaned = await OrphanCleaner.CleanAsync(run, config.Supervisor.StopTimeout, ct).ConfigureAwait(false);
            if (cleaned > 0)
            {
                console.Error.WriteLine($"stopped {cleaned} process(es) left over by streamer pid {run.Pid}, which had died");
            }
        }
    }
}
