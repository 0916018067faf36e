using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Streamer.Core.Processes;

/// <summary>
/// Makes a child process exit when its supervisor goes away, even after <c>kill -9</c> of the
/// supervisor. On Unix the kernel re-parents an orphan, so a changed <c>getppid()</c> is proof; the
/// parent's pid is also checked directly (the only means on Windows).
/// </summary>
public static partial class ParentWatcher
{
    private static volatile bool s_parentGone;

    /// <summary>
    /// True once <see cref="WaitForParentExitAsync"/> saw the parent go: the process is an orphan with seconds
    /// to live, so a stop hands over what it holds at once (journal) instead of waiting for peers.
    /// </summary>
    public static bool ParentGone => s_parentGone;

    /// <summary>
    /// Completes when the process <paramref name="parentPid"/> is gone or <paramref name="ct"/> is cancelled.
    /// </summary>
    public static async Task WaitForParentExitAsync(int parentPid, TimeSpan pollInterval, CancellationToken ct)
    {
        var unixParent = OperatingSystem.IsWindows() ? 0 : GetParentPid();
        using var timer = new PeriodicTimer(pollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                if ((!OperatingSystem.IsWindows() && GetParentPid() != unixParent) || !IsAlive(parentPid))
                {
                    s_parentGone = true;
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled: the caller is shutting down anyway.
        }
    }

    /// <summary>True when a process with this id exists.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();
}
