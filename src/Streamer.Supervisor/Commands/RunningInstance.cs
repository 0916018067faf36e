using Streamer.Core.Configuration;
using Streamer.Core.Pipes;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Daemon;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Commands;

/// <summary>A supervisor found running for a configuration.</summary>
/// <param name="Pid">Its pid.</param>
/// <param name="ControlPipe">Its control pipe.</param>
public sealed record RunningInstance(int Pid, string ControlPipe)
{
    /// <summary>
    /// Finds the supervisor recording with <paramref name="config"/>: the run file in its data directory,
    /// else the daemon pid file. Null when none is alive.
    /// </summary>
    public static RunningInstance? Find(StreamerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // A --simulate run records into the simulated sibling directory; find it too.
        foreach (var dataDir in new[] { config.Storage.DataDir, SimulatedData.DirectoryFor(config.Storage.DataDir) })
        {
            var run = RunFile.TryRead(dataDir);
            if (run is not null && ProcessInspector.IsStreamer(run.Pid))
            {
                return new RunningInstance(run.Pid, run.ControlPipe);
            }
        }

        var pid = PidFile.Read(config.Daemon.PidFile);
        return pid is { } p && ProcessInspector.IsStreamer(p) ? new RunningInstance(p, PipeNames.Control(PipeNames.RunId(p))) : null;
    }
}
