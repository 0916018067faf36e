using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Logging;
using Streamer.Pipes;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Daemon;
using Streamer.Supervisor.Logging;
using Streamer.Supervisor.Metrics;
using Streamer.Supervisor.Processes;
using Streamer.Supervisor.Reload;
using Streamer.Supervisor.Status;
using Streamer.Supervisor.Supervision;

namespace Streamer.Supervisor.Commands;

/// <summary>
/// <c>streamer [-c config.yaml] [-v] [--simulate ...]</c>: the supervisor in the foreground (also what
/// <c>--daemon start</c> runs in the background). Takes the data directory's lock first (a second
/// supervisor on it exits 1 having started nothing), cleans up a crashed run's leftovers, serves the
/// control pipe, reloads on config changes and SIGHUP, and stops gracefully on SIGINT/SIGTERM.
/// </summary>
public static class RunHandler
{
    private static readonly TimeSpan ReloadDebounce = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs until stopped; returns the exit code.</summary>
    public static async Task<int> RunAsync(RunCommand command, CliConsole console, SelfCommand self)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(self);
        var simulate = command.SimulatorArgs is not null;
        var loaded = Load(command.ConfigPath, simulate);
        var config = loaded.Config;
        var dataDir = config.Storage.DataDir;
        var pid = Environment.ProcessId;
        var runId = PipeNames.RunId(pid);

        // Before anything is spawned or written (pid file, run file, config snapshot): one owner per data
        // directory, whatever races. Held until this process ends; the kernel releases it even after kill -9.
        using var ownership = OwnershipClaim.TryClaim(dataDir, out var owner);
        if (ownership is null)
        {
            console.Fail(OwnershipClaim.Refusal(dataDir, owner));
            return ExitCodes.Failure;
        }

        // Read only now: a run file seen before the lock could be one a starting owner was just writing.
        var previous = RunFile.TryRead(dataDir);
        using var loggers = StreamerLogging.Create(command.Verbose ? LogLevel.Debug : config.Logging.Level);
        var log = loggers.CreateLogger("supervisor");
        SupervisorLog.Starting(log, HelpText.Version(), config.Mode, config.EnabledSymbols.Count(), dataDir);
        // We hold the lock, so the previous run is over; its pid may since have been reused by an unrelated
        // process, whose children must not be touched.
        if (previous is not null && previous.Pid != pid && !ProcessInspector.IsAlive(previous.Pid))
        {
            var cleaned = await OrphanCleaner.CleanAsync(previous, config.Supervisor.StopTimeout, CancellationToken.None).ConfigureAwait(false);
            if (cleaned > 0)
            {
                SupervisorLog.OrphansCleaned(log, cleaned, previous.Pid);
            }
        }

        if (command.Daemonized)
        {
            PidFile.Write(config.Daemon.PidFile, pid);
        }

        var runDirectory = RunFile.DirectoryFor(dataDir);
        var launcher = new SelfLauncher(self, ConfigSnapshot.Write(loaded, runDirectory), runId, pid, command.Verbose, command.SimulatorArgs)
        {
            SimulatedSymbols = config.EnabledSymbols.ToLookup(s => s.Exchange, s => s.Symbol, StringComparer.Ordinal),
        };
        using var stop = new CancellationTokenSource();
        var manager = new ProcessManager(new ProcessManagerOptions
        {
            Config = config,
            Launcher = launcher,
            WriterPipe = PipeNames.Writer(runId),
            Loggers = loggers,
            Simulate = simulate,
            SimulatorReady = url =>
            {
                launcher.Exchange = url;
                launcher.SimulatorPort = url.Port;
            },
        });
        await using (manager.ConfigureAwait(false))
        {
            var runFile = new RunFileKeeper(dataDir, new RunInfo(pid, TimeProvider.System.GetUtcNow(), PipeNames.Control(runId), config.SourcePath, []), manager, log);
            manager.ChildrenChanged += runFile.Update;
            runFile.Update();

            var lastText = loaded.Text;
            async Task ReloadAsync(CancellationToken ct)
            {
                try
                {
                    var next = Load(command.ConfigPath, simulate);
                    if (next.Text == lastText)
                    {
                        SupervisorLog.ReloadNoChange(log);
                        return;
                    }

                    if (next.Config.Storage.DataDir != dataDir)
                    {
                        // This process owns (holds the lock on) one data directory; children pointed elsewhere
                        // would record where nobody owns, and refuse to (RoleOwnership).
                        SupervisorLog.ReloadRejected(log, $"storage.data_dir changed to {next.Config.Storage.DataDir}: a running recorder keeps the data directory it owns ({dataDir}); restart streamer to record elsewhere");
                        return;
                    }

                    launcher.ConfigPath = ConfigSnapshot.Write(next, runDirectory);
                    lastText = next.Text;
                    await manager.ApplyAsync(next.Config, ct).ConfigureAwait(false);
                }
                catch (ConfigException e)
                {
                    SupervisorLog.ReloadRejected(log, e.Message);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
                {
                    SupervisorLog.ReloadRejected(log, e.Message);
                }
            }

            var watcher = new ConfigWatcher(command.ConfigPath, ReloadDebounce, ReloadAsync,
                reason => SupervisorLog.ConfigNotWatched(log, config.SourcePath, reason));
            await using (watcher.ConfigureAwait(false))
            {
                using var signals = new SupervisorSignals(log, stop.Cancel, manager.KillAll, watcher.Trigger);
                var control = new ControlServer(PipeNames.Control(runId), (request, _) => Task.FromResult(request switch
                {
                    ControlProtocol.Status => SnapshotSerializer.Serialize(manager.Snapshot()),
                    ControlProtocol.Stop => Stop(stop, log),
                    ControlProtocol.Reload => Reload(watcher),
                    _ => "{\"error\":\"unknown request\"}",
                }), log);
                await using (control.ConfigureAwait(false))
                {
                    control.Start();
                    // Started alongside the children (Kestrel takes a moment) rather than before them.
                    var metricsStart = config.Metrics.Enabled
                        ? MetricsServer.TryStartAsync(config.Metrics.Listen, manager.Snapshot, log, CancellationToken.None,
                            () => HealthExpectations.From(manager.Config))
                        : Task.FromResult<MetricsServer?>(null);
                    using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    var progress = ProgressReporter.RunAsync(manager.Snapshot, log, ProgressInterval, progressStop.Token);
                    try
                    {
                        await manager.RunAsync(stop.Token).ConfigureAwait(false);

                        // 0 only when every row received was written or durably journalled for the next start.
                        return manager.LastStop is { Safe: false } ? ExitCodes.Failure : ExitCodes.Ok;
                    }
                    catch (SupervisorStartException e)
                    {
                        console.Fail(e.Message);
                        return ExitCodes.Failure;
                    }
                    finally
                    {
                        await progressStop.CancelAsync().ConfigureAwait(false);
                        await progress.ConfigureAwait(false);
                        if (await metricsStart.ConfigureAwait(false) is { } metrics)
                        {
                            await metrics.DisposeAsync().ConfigureAwait(false);
                        }

                        manager.ChildrenChanged -= runFile.Update;
                        RunFile.DeleteIfOwned(dataDir, pid);
                        if (command.Daemonized)
                        {
                            PidFile.Delete(config.Daemon.PidFile, pid);
                        }
                    }
                }
            }
        }
    }

    /// <summary>How often a foreground run (or the daemon log) says how much has been recorded.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    private static string Stop(CancellationTokenSource stop, ILogger log)
    {
        SupervisorLog.ControlStop(log);
        stop.Cancel();
        return ControlProtocol.Ok;
    }

    private static string Reload(ConfigWatcher watcher)
    {
        watcher.Trigger();
        return ControlProtocol.Ok;
    }

    /// <summary>Loads the configuration; with --simulate, data goes to the simulated sibling directory.</summary>
    private static LoadedConfig Load(string path, bool simulate)
    {
        var loaded = ConfigSource.Load(path, checkDataDir: !simulate);
        if (!simulate)
        {
            return loaded;
        }

        var redirected = SimulatedData.Redirect(loaded);
        Directory.CreateDirectory(redirected.Config.Storage.DataDir);
        return redirected;
    }
}
