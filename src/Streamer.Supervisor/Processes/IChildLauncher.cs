using Streamer.Supervisor.Cli;

namespace Streamer.Supervisor.Processes;

/// <summary>Turns "run this role (for this symbol)" into a command line. Tests substitute trivial programs.</summary>
public interface IChildLauncher
{
    /// <summary>The command that runs <paramref name="role"/> now (called again for each restart).</summary>
    ChildSpec Create(ChildRole role, string? symbol);
}
