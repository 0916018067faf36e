using System.Globalization;
using Streamer.Core.Ownership;

namespace Streamer;

/// <summary>
/// A child runs only for the supervisor that owns its data directory (holds <see cref="DataDirLock"/>).
/// One spawned by a supervisor that does not hold the lock, or started by hand on a directory a supervisor
/// records into, would record beside the owner's processes, unseen by <c>--status</c> and <c>--daemon
/// stop</c>. Started by hand (no <c>--parent-pid</c>) on a directory nobody owns, it may run: that is
/// debugging, and no supervisor's processes are there to collide with.
/// </summary>
internal static class RoleOwnership
{
    /// <summary>Why this child must not run, or null when it may.</summary>
    public static string? Refusal(string dataDir, int parentPid, string role)
    {
        if (!DataDirLock.CanFindOwner)
        {
            // Without /proc only the supervisor's own lock guards the directory, which it takes before spawning.
            return null;
        }

        var owner = DataDirLock.FindOwner(dataDir);
        if (owner is null ? parentPid <= 0 : owner == parentPid)
        {
            return null;
        }

        var parent = parentPid > 0 ? "supervisor pid " + parentPid.ToString(CultureInfo.InvariantCulture) : "no supervisor";
        return owner is { } pid
            ? $"{dataDir} is busy: streamer pid {pid} records into it, and this {role} was started by {parent}; not running a second one there"
            : $"{parent} does not hold the lock on {dataDir} ({DataDirLock.PathFor(dataDir)}); the {role} runs only for the supervisor that owns the data directory";
    }
}
