using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;

namespace Streamer.Supervisor.Daemon;

/// <summary>
/// Removes a <c>daemon.pid_file</c> that names a process which does not own the data directory (the
/// supervisor was killed, or the pid was reused since). The caller reads the pid file before it looks for
/// the owner: a daemon writes the file only once it holds the lock, so a pid read first and then not found
/// owning is truly stale, and a file a new daemon wrote meanwhile names another pid and is kept.
/// </summary>
internal static class StalePidFile
{
    public static void Remove(StreamerConfig config, int? pidInFile, CliConsole console, bool report)
    {
        // Either directory: a --simulate daemon owns the simulated sibling and shares this pid file.
        if (pidInFile is not { } pid || RunningInstance.DataDirs(config).Any(dir => RunningInstance.Owner(dir) == pid))
        {
            return;
        }

        var path = config.Daemon.PidFile;
        PidFile.Delete(path, pid);
        if (report)
        {
            console.Error.WriteLine($"removed a stale pid file {path} (pid {pid} owns no data directory of this configuration)");
        }
    }
}
