using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Streamer.Core.Processes;

/// <summary>Points the process's stdout and stderr file descriptors (1 and 2) at an open file, on Unix.</summary>
public static partial class StandardDescriptors
{
    /// <summary>
    /// Makes descriptors 1 and 2 refer to <paramref name="file"/> (what the runtime writes natively, such as a crash
    /// report, goes there). <see cref="Console"/> holds its own duplicate and is not affected. False where not possible.
    /// </summary>
    public static bool PointAt(SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            var fd = (int)file.DangerousGetHandle();
            return Dup2(fd, 1) == 1 && Dup2(fd, 2) == 2;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int oldFd, int newFd);
}
