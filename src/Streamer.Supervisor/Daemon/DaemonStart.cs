using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Daemon;

/// <summary>
/// <c>streamer --daemon start</c>: validates in the foreground, starts the detached supervisor and reports
/// success only when that very process holds the data directory's lock and records (its writer runs).
/// Any other outcome is exit 1 with nothing of this start left running: a daemon that lost a race to
/// another start has exited by itself before spawning anything, one that never got ready is killed with
/// its tree.
/// </summary>
internal static class DaemonStart
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(RunCommand run, CliConsole console, SelfCommand self, CancellationToken ct)
    {
        // Validate in the foreground, where the user sees the error, before detaching.
        var config = ConfigLoader.Load(run.ConfigPath, checkDataDir: true);
        var pidInFile = PidFile.Read(config.Daemon.PidFile);
        if (RunningInstance.Find(config) is { } existing)
        {
            // Only a quick answer for the common case; the lock decides when starts race.
            console.Fail(Refusal(config, existing));
            return ExitCodes.Failure;
        }

        StalePidFile.Remove(config, pidInFile, console, report: true);
        var dataDir = run.SimulatorArgs is null ? config.Storage.DataDir : SimulatedData.DirectoryFor(config.Storage.DataDir);
        var logFile = config.Daemon.LogFile;
        var logStart = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        var pid = DaemonLauncher.Start(self.With(Arguments(run)) with { WorkingDirectory = Environment.CurrentDirectory }, logFile);
        var time = TimeProvider.System;
        await Poll.UntilAsync(() => IsRecording(config, dataDir, pid) || !ProcessInspector.IsAlive(pid), StartTimeout, time, ct).ConfigureAwait(false);
        if (IsRecording(config, dataDir, pid))
        {
            console.Out.WriteLine($"streamer started in the background (pid {pid}); log: {logFile}; stop it with: streamer --daemon stop");
            return ExitCodes.Ok;
        }

        await EnsureGoneAsync(pid, dataDir, config, time, ct).ConfigureAwait(false);
        if (RunningInstance.In(dataDir) is { } winner)
        {
            // Another start got the lock first; ours saw it and exited.
            console.Fail(Refusal(config, winner));
            return ExitCodes.Failure;
        }

        console.Fail($"streamer did not start in the background; the end of {logFile}:");
        console.Error.Write(LogTail.Read(logFile, logStart));
        return ExitCodes.Failure;
    }

    private static string Refusal(StreamerConfig config, RunningInstance owner) =>
        $"streamer is already running (pid {owner.Pid}, recording into {owner.DataDir}, pid file {config.Daemon.PidFile}); use --daemon stop or --daemon restart";

    private static List<string> Arguments(RunCommand run)
    {
        var args = new List<string> { "--config", Path.GetFullPath(run.ConfigPath), "--daemonized" };
        if (run.Verbose)
        {
            args.Add("--verbose");
        }

        if (run.SimulatorArgs is not null)
        {
            args.Add("--simulate");
            args.AddRange(run.SimulatorArgs);
        }

        return args;
    }

    // Holds the lock, has written the pid file and run file (both only while holding it), and its writer is spawned.
    private static bool IsRecording(StreamerConfig config, string dataDir, int pid) =>
        RunningInstance.Owner(dataDir) == pid
        && PidFile.Read(config.Daemon.PidFile) == pid
        && RunFile.TryRead(dataDir) is { } runFile && runFile.Pid == pid && runFile.Children.Any(c => c.Name == "writer");

    // A daemon that is still starting after the timeout is killed with its tree; one that died after it had
    // spawned children leaves them to their parent watch, which this speeds up.
    private static async Task EnsureGoneAsync(int pid, string dataDir, StreamerConfig config, TimeProvider time, CancellationToken ct)
    {
        if (ProcessInspector.IsAlive(pid))
        {
            ProcessInspector.KillTree(pid);
            await Poll.UntilAsync(() => !ProcessInspector.IsAlive(pid), config.Supervisor.StopTimeout, time, ct).ConfigureAwait(false);
        }

        if (RunFile.TryRead(dataDir) is { } left && left.Pid == pid)
        {
            await OrphanCleaner.CleanAsync(left, config.Supervisor.StopTimeout, ct).ConfigureAwait(false);
            PidFile.Delete(config.Daemon.PidFile, pid);
        }
    }
}
