using Streamer.Core.Configuration;
using Streamer.Core.Ownership;
using Streamer.Pipes;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Commands;

/// <summary>A supervisor found running for a configuration: the owner of its data directory.</summary>
/// <param name="Pid">Its pid.</param>
/// <param name="ControlPipe">Its control pipe.</param>
/// <param name="DataDir">The data directory it owns.</param>
public sealed record RunningInstance(int Pid, string ControlPipe, string DataDir)
{
    /// <summary>
    /// Finds the supervisor recording with <paramref name="config"/>: the holder of the lock on its data
    /// directory, or on the simulated sibling a <c>--simulate</c> run records into. Null when none runs.
    /// A pid file or run file left behind by a dead supervisor (or naming a reused pid) is never taken
    /// for a running one.
    /// </summary>
    public static RunningInstance? Find(StreamerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var dataDir in DataDirs(config))
        {
            if (In(dataDir) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The directories a run of <paramref name="config"/> may record into: the configured one and its simulated sibling.</summary>
    public static IReadOnlyList<string> DataDirs(StreamerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return [config.Storage.DataDir, SimulatedData.DirectoryFor(config.Storage.DataDir)];
    }

    /// <summary>The supervisor that owns <paramref name="dataDir"/>, or null.</summary>
    public static RunningInstance? In(string dataDir) =>
        Owner(dataDir) is { } pid ? new RunningInstance(pid, PipeNames.Control(PipeNames.RunId(pid)), dataDir) : null;

    /// <summary>The pid holding the lock on <paramref name="dataDir"/>, or null.</summary>
    public static int? Owner(string dataDir)
    {
        if (DataDirLock.CanFindOwner)
        {
            return DataDirLock.FindOwner(dataDir);
        }

        // Without /proc (Windows, macOS) the kernel cannot be asked: the run file, which a supervisor writes
        // only while it holds the lock, and a live streamer process behind it, is the best evidence left.
        return RunFile.TryRead(dataDir) is { } run && ProcessInspector.IsStreamer(run.Pid) ? run.Pid : null;
    }
}
