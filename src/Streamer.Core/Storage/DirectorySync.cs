using System.Runtime.InteropServices;

namespace Streamer.Core.Storage;

/// <summary>
/// Forces a directory's entries to disk. A rename is only durable once the directory holding it is
/// fsynced: without this, a power cut after "write temp, fsync, rename" can bring back the old name.
/// </summary>
public static partial class DirectorySync
{
    /// <summary>fsyncs <paramref name="path"/> (a directory); nothing to do on Windows.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Sync(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals directory entries itself; there is no directory handle to flush.
        }

        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {path} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
