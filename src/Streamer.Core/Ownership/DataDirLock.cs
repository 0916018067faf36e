using System.Globalization;
using System.Text;

namespace Streamer.Core.Ownership;

/// <summary>
/// The one-owner-per-data-directory lock: an exclusive <c>flock</c> on
/// <c>{data_dir}/.streamer/owner.lock</c>, held by the supervisor from before it spawns anything until it
/// exits. The kernel releases it when the process dies, even by <c>kill -9</c>, so a stale pid file or a
/// reused pid can never make a directory look owned; and the owner is found through the lock itself
/// (<see cref="FlockHolder"/>), not through a file someone may have left behind.
/// </summary>
/// <remarks>
/// The file is never deleted: unlinking a lock file lets a second process lock a fresh inode under the
/// same name while the first still holds the old one, which is two owners.
/// </remarks>
public sealed class DataDirLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of <paramref name="dataDir"/>.</summary>
    public static string PathFor(string dataDir) => System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDir), ".streamer", "owner.lock");

    /// <summary>
    /// Takes the lock of <paramref name="dataDir"/> for this process, or returns null at once when another
    /// process (or another handle in this one) holds it.
    /// </summary>
    /// <exception cref="IOException">The lock file cannot be created; the message names it.</exception>
    public static DataDirLock? TryAcquire(string dataDir)
    {
        var path = PathFor(dataDir);
        FileStream file;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            // On Unix .NET backs FileShare.None with flock(LOCK_EX | LOCK_NB) and opens with O_CLOEXEC, so
            // children never inherit it; on Windows it is a sharing mode with the same effect.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create the data directory lock {path}: {e.Message}", e);
        }

        try
        {
            // For people and for systems without /proc: the file says who holds it.
            file.SetLength(0);
            file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            file.Flush();
        }
        catch (IOException)
        {
            // A full disk must not stop the owner: the lock itself is what counts.
        }

        return new DataDirLock(file, path);
    }

    /// <summary>
    /// The pid of the process holding the lock of <paramref name="dataDir"/>, or null when none does.
    /// Only a question: it never takes the lock, so it cannot make a racing start fail.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux (no /proc): see <see cref="CanFindOwner"/>.</exception>
    public static int? FindOwner(string dataDir) => FlockHolder.Find(PathFor(dataDir));

    /// <summary>True where <see cref="FindOwner"/> works (Linux, /proc mounted).</summary>
    public static bool CanFindOwner => FlockHolder.IsSupported;

    /// <summary>Releases the lock (the kernel also does when the process ends).</summary>
    public void Dispose() => _file.Dispose();

    // "Held by someone else" is errno EWOULDBLOCK from flock on Unix (11 on Linux, 35 on the BSDs and
    // macOS) and ERROR_SHARING_VIOLATION on Windows; anything else (disk, permissions) is a real error.
    private static bool IsSharingViolation(IOException e) => e.HResult == (OperatingSystem.IsWindows() ? unchecked((int)0x80070020)
        : OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 35 : 11);
}
