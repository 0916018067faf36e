using Microsoft.Win32.SafeHandles;

namespace Streamer.Core.Storage;

/// <summary>The real file system.</summary>
public sealed class PhysicalFileSystem : IWriterFileSystem
{
    /// <summary>The shared instance.</summary>
    public static PhysicalFileSystem Instance { get; } = new();

    /// <inheritdoc/>
    public IWritableFile OpenWritable(string path) => new PhysicalWritableFile(path, FileMode.OpenOrCreate);

    /// <inheritdoc/>
    public IWritableFile Create(string path) => new PhysicalWritableFile(path, FileMode.Create);

    /// <inheritdoc/>
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);

    /// <inheritdoc/>
    public long GetLength(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : -1;
    }

    /// <inheritdoc/>
    public void SetLength(string path, long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.SetLength(handle, length);
    }

    /// <inheritdoc/>
    public void Delete(string path) => File.Delete(path);

    /// <inheritdoc/>
    public void Move(string from, string to) => File.Move(from, to, overwrite: true);

    /// <inheritdoc/>
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <inheritdoc/>
    public void SyncDirectory(string path) => DirectorySync.Sync(path);

    /// <inheritdoc/>
    public IEnumerable<string> EnumerateFiles(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern) : [];

    /// <inheritdoc/>
    public IEnumerable<string> EnumerateDirectories(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory) : [];

    /// <inheritdoc/>
    public IDisposable LockExclusive(string path) =>
        // FileShare.None is an exclusive flock() on Unix: the kernel drops it when the process dies, even by kill -9.
        File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    /// <inheritdoc/>
    public long? AvailableFreeSpace(string path)
    {
        try
        {
            return new DriveInfo(path).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class PhysicalWritableFile : IWritableFile
    {
        private readonly SafeFileHandle _handle;

        public PhysicalWritableFile(string path, FileMode mode)
        {
            Path = path;
            // Readers (users' scripts) may open the file at any time; deletion is allowed for compression.
            _handle = File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }

        public string Path { get; }

        public long Length => RandomAccess.GetLength(_handle);

        public void Write(ReadOnlySpan<byte> data, long offset) => RandomAccess.Write(_handle, data, offset);

        public void Sync() => RandomAccess.FlushToDisk(_handle);

        public void SetLength(long length) => RandomAccess.SetLength(_handle, length);

        public void Dispose() => _handle.Dispose();
    }
}
