using System.Runtime.InteropServices;

namespace Streamer.Core.Processes;

/// <summary>Sending POSIX signals to other processes (.NET's Process.Kill only sends SIGKILL).</summary>
public static partial class Signals
{
    /// <summary>SIGTERM: asks a process to stop gracefully.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>SIGHUP: the supervisor reloads its configuration.</summary>
    public const int SigHup = 1;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if the process does not exist. Unix only.</summary>
    public static bool Send(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
