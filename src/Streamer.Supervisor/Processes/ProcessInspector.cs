using System.Diagnostics;
using System.Text;

namespace Streamer.Supervisor.Processes;

/// <summary>Questions about other processes: is it alive, is it one of ours, when did it start.</summary>
public static class ProcessInspector
{
    /// <summary>True when a process with this id exists and has not exited (a zombie is dead).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (OperatingSystem.IsLinux())
        {
            return IsRunningLinux(pid);
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    // The Process API counts a zombie as running. A daemon's supervisor or an orphaned child is re-parented
    // to an init that may reap it only seconds later: until then it would look alive to stop and cleanup.
    private static bool IsRunningLinux(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')'); // the name in parentheses may itself contain spaces or ')'
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The command line of a live process as its arguments (Linux: /proc/pid/cmdline), or null when it
    /// is gone or cannot be read.
    /// </summary>
    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="pid"/> is alive and is this product (its command line names the streamer
    /// executable or dll), so a recycled pid of an unrelated program is never signalled.
    /// </summary>
    public static bool IsStreamer(int pid)
    {
        if (!IsAlive(pid))
        {
            return false;
        }

        if (OperatingSystem.IsLinux())
        {
            var args = CommandLine(pid);
            return args is not null && args.Take(2).Any(a => Path.GetFileNameWithoutExtension(a).Equals("streamer", StringComparison.OrdinalIgnoreCase));
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            return p.ProcessName.Equals("streamer", StringComparison.OrdinalIgnoreCase) || p.ProcessName.Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>When the process started, or null.</summary>
    public static DateTimeOffset? StartTime(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return new DateTimeOffset(p.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Kills a process and its descendants; false when it was already gone.</summary>
    public static bool KillTree(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
