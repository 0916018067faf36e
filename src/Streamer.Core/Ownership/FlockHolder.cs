using System.Globalization;
using System.Runtime.InteropServices;

namespace Streamer.Core.Ownership;

/// <summary>
/// Which process holds an exclusive <c>flock</c> on a file, as the kernel tells it (Linux): candidates from
/// <c>/proc/locks</c>, confirmed by a descriptor of theirs that points at the file and carries the lock
/// (<c>/proc/PID/fdinfo/N</c> lists the locks taken through that descriptor). Looking never takes the
/// lock, so it cannot make a racing owner fail, and a pid that merely appears in some file proves nothing.
/// </summary>
internal static unsafe partial class FlockHolder
{
    private const string LocksFile = "/proc/locks";
    private const int PathMax = 4096;

    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists(LocksFile);

    /// <summary>The holder's pid; null when the file does not exist or nobody holds it.</summary>
    public static int? Find(string path)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("finding a lock's owner needs Linux /proc");
        }

        // /proc/PID/fd links name the file by its canonical path: resolve ours the same way.
        var target = Canonical(path);
        if (target is null)
        {
            return null;
        }

        foreach (var pid in ExclusiveFlockPids().Distinct())
        {
            if (HoldsThrough(pid, target))
            {
                return pid;
            }
        }

        return null;
    }

    // "1: FLOCK  ADVISORY  WRITE 4562 fe:00:11657615 0 EOF"; a process waiting for a lock has "->" after the number.
    // On NFS the kernel emulates flock with a whole-file POSIX lock, listed as POSIX: it counts the same.
    private static List<int> ExclusiveFlockPids()
    {
        var pids = new List<int>();
        foreach (var line in File.ReadLines(LocksFile))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 4 && parts[1] is "FLOCK" or "POSIX" && parts[3] == "WRITE"
                && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    private static bool HoldsThrough(int pid, string target)
    {
        var process = "/proc/" + pid.ToString(CultureInfo.InvariantCulture);
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(process + "/fd"))
            {
                if (new FileInfo(fd).LinkTarget != target)
                {
                    continue;
                }

                // The same file opened without the lock (a start that is about to give up) does not count.
                var info = File.ReadLines(process + "/fdinfo/" + Path.GetFileName(fd));
                if (info.Any(IsExclusiveLock))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // It exited while we looked, or belongs to another user: not our owner.
        }

        return false;
    }

    // "lock:\t1: FLOCK  ADVISORY  WRITE 4562 fe:00:11657615 0 EOF"
    private static bool IsExclusiveLock(string fdInfoLine) =>
        fdInfoLine.StartsWith("lock:", StringComparison.Ordinal) && fdInfoLine.Contains(" WRITE ", StringComparison.Ordinal)
        && (fdInfoLine.Contains(" FLOCK ", StringComparison.Ordinal) || fdInfoLine.Contains(" POSIX ", StringComparison.Ordinal));

    private static string? Canonical(string path)
    {
        var buffer = stackalloc byte[PathMax + 1];
        return RealPath(path, buffer) is null ? null : Marshal.PtrToStringUTF8((nint)buffer);
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial byte* RealPath(string path, byte* resolved);
}
