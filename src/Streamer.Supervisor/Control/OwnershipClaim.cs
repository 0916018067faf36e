using Streamer.Core.Ownership;
using Streamer.Supervisor.Commands;

namespace Streamer.Supervisor.Control;

/// <summary>A supervisor taking its data directory (<see cref="DataDirLock"/>), or learning who has it.</summary>
public static class OwnershipClaim
{
    // The owner may exit between our failed attempt and the look-up: try again before naming nobody.
    private const int Attempts = 3;

    /// <summary>
    /// The lock on <paramref name="dataDir"/> for this process, or null with the <paramref name="owner"/>'s
    /// pid (null when it could not be found) when another process holds it.
    /// </summary>
    /// <exception cref="IOException">The lock file cannot be created.</exception>
    public static DataDirLock? TryClaim(string dataDir, out int? owner)
    {
        owner = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (DataDirLock.TryAcquire(dataDir) is { } held)
            {
                return held;
            }

            owner = RunningInstance.Owner(dataDir);
            if (owner is not null)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>What a refused start says.</summary>
    public static string Refusal(string dataDir, int? owner) => owner is { } pid
        ? $"streamer is already running (pid {pid}) and recording into {dataDir}; stop it first ('streamer --daemon stop', or Ctrl+C in its terminal)"
        : $"another process holds {DataDirLock.PathFor(dataDir)}, so another streamer is recording into {dataDir}; stop it first";
}
