using Streamer.Supervisor.Cli;

namespace Streamer.Supervisor.Processes;

/// <summary>Turns "run this role (for these symbols)" into a command line. Tests substitute trivial programs.</summary>
public interface IChildLauncher
{
    /// <summary>The command that runs <paramref name="role"/> now (called again for each restart).</summary>
    /// <param name="role">What to run.</param>
    /// <param name="symbols">A worker's symbols (one, or a group), else empty.</param>
    ChildSpec Create(ChildRole role, IReadOnlyList<string> symbols);
}
