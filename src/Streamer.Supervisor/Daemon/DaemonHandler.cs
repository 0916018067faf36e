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
/// <c>streamer --daemon start|stop|restart|status</c>. The daemon is the foreground supervisor started
/// detached with <c>--daemonized</c>; it writes and removes <c>daemon.pid_file</c> itself.
/// Exit codes: 0 ok, 1 failure (already running, did not start), 3 not running (stop, status).
/// </summary>
public static class DaemonHandler
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

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
                return await StopAsync(LoadQuiet(command.Run.ConfigPath), console, ct).ConfigureAwait(false);
            case DaemonAction.Restart:
                var code = await StopAsync(LoadQuiet(command.Run.ConfigPath), console, ct).ConfigureAwait(false);
                return code is ExitCodes.Ok or ExitCodes.NotRunning ? await StartAsync(command.Run, console, self, ct).ConfigureAwait(false) : code;
            default:
                return await StartAsync(command.Run, console, self, ct).ConfigureAwait(false);
        }
    }

    private static StreamerConfig LoadQuiet(string path) => ConfigLoader.Load(path, checkDataDir: false);

    private static int? LivePid(StreamerConfig config, CliConsole console, bool reportStale)
    {
        var path = config.Daemon.PidFile;
        var pid = PidFile.Read(path);
        if (pid is null)
        {
            return null;
        }

        if (ProcessInspector.IsStreamer(pid.Value))
        {
            return pid;
        }

        PidFile.Delete(path);
        if (reportStale)
        {
            console.Error.WriteLine($"removed a stale pid file {path} (pid {pid} is not running)");
        }

        return null;
    }

    private static int Status(StreamerConfig config, CliConsole console)
    {
        var pid = LivePid(config, console, reportStale: false);
        if (pid is null)
        {
            console.Out.WriteLine("streamer is not running");
            return ExitCodes.NotRunning;
        }

        var started = ProcessInspector.StartTime(pid.Value);
        var uptime = started is { } s ? ", up " + DurationText.Format(DateTimeOffset.UtcNow - s) : "";
        console.Out.WriteLine($"streamer is running (pid {pid}{uptime}); log: {config.Daemon.LogFile}");
        return ExitCodes.Ok;
    }

    private static async Task<int> StopAsync(StreamerConfig config, CliConsole console, CancellationToken ct)
    {
        var pid = LivePid(config, console, reportStale: true);
        if (pid is null)
        {
            console.Out.WriteLine("streamer is not running");
            return ExitCodes.NotRunning;
        }

        if (!Signals.Send(pid.Value, Signals.SigTerm))
        {
            // Windows has no SIGTERM: ask over the control channel.
            await ControlClient.RequestAsync(Core.Pipes.PipeNames.Control(Core.Pipes.PipeNames.RunId(pid.Value)), ControlProtocol.Stop, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        }

        // Workers, order book and writer each get stop_timeout, one after the other.
        var timeout = config.Supervisor.StopTimeout * 3 + TimeSpan.FromSeconds(10);
        console.Out.WriteLine($"stopping streamer (pid {pid}); waiting up to {DurationText.Format(timeout)}");
        if (!await WaitAsync(() => !ProcessInspector.IsAlive(pid.Value), timeout, ct).ConfigureAwait(false))
        {
            ProcessInspector.KillTree(pid.Value);
            PidFile.Delete(config.Daemon.PidFile, pid);
            console.Out.WriteLine($"streamer (pid {pid}) did not stop within {DurationText.Format(timeout)}; killed it and its children");
            return ExitCodes.Ok;
        }

        console.Out.WriteLine("streamer stopped");
        return ExitCodes.Ok;
    }

    private static async Task<int> StartAsync(RunCommand run, CliConsole console, SelfCommand self, CancellationToken ct)
    {
        // Validate in the foreground, where the user sees the error, before detaching.
        var config = ConfigLoader.Load(run.ConfigPath, checkDataDir: true);
        if (LivePid(config, console, reportStale: true) is { } existing)
        {
            console.Fail($"streamer is already running (pid {existing}, pid file {config.Daemon.PidFile}); use --daemon stop or --daemon restart");
            return ExitCodes.Failure;
        }

        if (RunningInstance.Find(config) is { } foreground)
        {
            console.Fail($"streamer is already running in the foreground (pid {foreground.Pid}) and recording into {config.Storage.DataDir}; stop it first");
            return ExitCodes.Failure;
        }

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

        var logFile = config.Daemon.LogFile;
        var logStart = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        var pid = DaemonLauncher.Start(self.With(args) with { WorkingDirectory = Environment.CurrentDirectory }, logFile);
        var up = await WaitAsync(() => PidFile.Read(config.Daemon.PidFile) == pid || !ProcessInspector.IsAlive(pid), StartTimeout, ct).ConfigureAwait(false);
        if (!up || !ProcessInspector.IsAlive(pid))
        {
            console.Fail($"streamer did not start in the background; the end of {logFile}:");
            console.Error.Write(Tail(logFile, logStart));
            return ExitCodes.Failure;
        }

        console.Out.WriteLine($"streamer started in the background (pid {pid}); log: {logFile}; stop it with: streamer --daemon stop");
        return ExitCodes.Ok;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }

        return true;
    }

    private static string Tail(string logFile, long from)
    {
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(from, stream.Length - 4096), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            return text.EndsWith('\n') || text.Length == 0 ? text : text + "\n";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(cannot read {logFile}: {e.Message})\n";
        }
    }
}
