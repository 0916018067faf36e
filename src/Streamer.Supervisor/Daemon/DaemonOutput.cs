using Streamer.Core.Configuration;

namespace Streamer.Supervisor.Daemon;

/// <summary>
/// The daemonized supervisor writes its console output (its log and its children's lines) itself, through a
/// <see cref="RotatingLogWriter"/> that keeps <c>daemon.log_file</c> bounded. On Unix the launcher's shell also
/// points file descriptors 1 and 2 at the file, for what the runtime writes natively; on Windows nothing is
/// inherited, so this is the only way in.
/// </summary>
internal static class DaemonOutput
{
    /// <summary>Sends <see cref="Console.Out"/> and <see cref="Console.Error"/> to the rotating log; returns it.</summary>
    public static RotatingLogWriter RedirectConsole(DaemonConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var writer = new RotatingLogWriter(config.LogFile, config.LogMaxBytes, config.LogKeep, ownsStandardDescriptors: true);
        Console.SetOut(writer);
        Console.SetError(writer);
        return writer;
    }
}
