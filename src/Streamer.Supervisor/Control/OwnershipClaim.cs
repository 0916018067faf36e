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
                return Verified(held, dataDir);
            }

            owner = RunningInstance.Owner(dataDir);
            if (owner is not null)
            {
                return null;
            }
        }

        return null;
    }

    // Children and --daemon stop/status find the owner in the kernel's lock table. A lock that is not there
    // (DOTNET_SYSTEM_IO_DISABLEFILELOCKING set, a file system without flock) guards nothing and would make
    // every child refuse to run: better one clear error now.
    private static DataDirLock Verified(DataDirLock held, string dataDir)
    {
        if (!DataDirLock.CanFindOwner || DataDirLock.FindOwner(dataDir) == Environment.ProcessId)
        {
            return held;
        }

        held.Dispose();
        throw new IOException($"the lock on {held.Path} did not take effect (is DOTNET_SYSTEM_IO_DISABLEFILELOCKING set, or is {dataDir} on a file system without flock?); "
            + "without it two recorders could share the data directory");
    }

    /// <summary>What a refused start says.</summary>
    public static string Refusal(string dataDir, int? owner) => owner is { } pid
        ? $"streamer is already running (pid {pid}) and recording into {dataDir}; stop it first ('streamer --daemon stop', or Ctrl+C in its terminal)"
        : $"another process holds {DataDirLock.PathFor(dataDir)}, so another streamer is recording into {dataDir}; stop it first";
}
