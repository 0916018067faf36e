namespace Streamer.Core.Storage;

/// <summary>
/// The few file operations the writer performs, so tests can inject failures (a full disk, a
/// read-only directory) without root. Every method may throw <see cref="IOException"/> or
/// <see cref="UnauthorizedAccessException"/>; the writer treats both as "the disk refuses", retries
/// and never acknowledges what it could not write.
/// </summary>
public interface IWriterFileSystem
{
    /// <summary>Opens a file for positional writes, creating it when missing; existing bytes are kept.</summary>
    IWritableFile OpenWritable(string path);

    /// <summary>Creates (or truncates) a file for writing from offset 0.</summary>
    IWritableFile Create(string path);

    /// <summary>Opens a file for sequential reading.</summary>
    Stream OpenRead(string path);

    /// <summary>Length of a file in bytes, or -1 when it does not exist.</summary>
    long GetLength(string path);

    /// <summary>Cuts or extends an existing file to <paramref name="length"/> bytes.</summary>
    void SetLength(string path, long length);

    /// <summary>Deletes a file; a missing file is not an error.</summary>
    void Delete(string path);

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>, replacing it atomically.</summary>
    void Move(string from, string to);

    /// <summary>Creates a directory and its parents.</summary>
    void CreateDirectory(string path);

    /// <summary>Forces a directory's entries (creations, renames, deletions) to disk.</summary>
    void SyncDirectory(string path);

    /// <summary>Files directly inside <paramref name="directory"/> matching <paramref name="pattern"/>; empty when it does not exist.</summary>
    IEnumerable<string> EnumerateFiles(string directory, string pattern);

    /// <summary>Subdirectories of <paramref name="directory"/>; empty when it does not exist.</summary>
    IEnumerable<string> EnumerateDirectories(string directory);

    /// <summary>
    /// Takes an exclusive lock on <paramref name="path"/> (created if missing), held until disposed and
    /// released by the OS if the process dies. Throws <see cref="IOException"/> when another process holds it.
    /// </summary>
    IDisposable LockExclusive(string path);

    /// <summary>Bytes free for the current user on the volume holding <paramref name="path"/>, or null when unknown.</summary>
    long? AvailableFreeSpace(string path);
}

/// <summary>An open file written at explicit offsets, so a failed write can be retried at the same place.</summary>
public interface IWritableFile : IDisposable
{
    /// <summary>Full path of the file.</summary>
    string Path { get; }

    /// <summary>Current length of the file on disk.</summary>
    long Length { get; }

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>.</summary>
    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>Forces written bytes to the storage device (fsync).</summary>
    void Sync();

    /// <summary>Cuts or extends the file.</summary>
    void SetLength(long length);
}
