using Streamer.Core.Storage;

namespace Streamer.Writer.Tests.Support;

/// <summary>
/// The real file system, except that writes fail with ENOSPC while <see cref="DiskFull"/> is set, and file
/// fsyncs wait while <see cref="SyncGate"/> is closed (a slow disk).
/// </summary>
internal sealed class FaultyFileSystem(IWriterFileSystem inner) : IWriterFileSystem
{
    private volatile bool _diskFull;
    private long _failures;
    private long _syncsWaiting;

    /// <summary>Open (set) by default; reset it to make every file fsync wait until it is set again.</summary>
    public ManualResetEventSlim SyncGate { get; } = new(initialState: true);

    /// <summary>File fsyncs waiting at the closed <see cref="SyncGate"/> now.</summary>
    public long SyncsWaiting => Interlocked.Read(ref _syncsWaiting);

    public bool DiskFull
    {
        get => _diskFull;
        set => _diskFull = value;
    }

    /// <summary>Write attempts refused so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public IWritableFile OpenWritable(string path) => new File(this, inner.OpenWritable(path));

    public IWritableFile Create(string path)
    {
        Check();
        return new File(this, inner.Create(path));
    }

    public Stream OpenRead(string path) => inner.OpenRead(path);

    public long GetLength(string path) => inner.GetLength(path);

    public void SetLength(string path, long length) => inner.SetLength(path, length);

    public void Delete(string path) => inner.Delete(path);

    public void Move(string from, string to) => inner.Move(from, to);

    public void CreateDirectory(string path) => inner.CreateDirectory(path);

    public void SyncDirectory(string path) => inner.SyncDirectory(path);

    public IEnumerable<string> EnumerateFiles(string directory, string pattern) => inner.EnumerateFiles(directory, pattern);

    public IEnumerable<string> EnumerateDirectories(string directory) => inner.EnumerateDirectories(directory);

    public IDisposable LockExclusive(string path) => inner.LockExclusive(path);

    public long? AvailableFreeSpace(string path) => DiskFull ? 0 : inner.AvailableFreeSpace(path);

    private void Check()
    {
        if (_diskFull)
        {
            Interlocked.Increment(ref _failures);
            throw new IOException("No space left on device", 28);
        }
    }

    private sealed class File(FaultyFileSystem owner, IWritableFile inner) : IWritableFile
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            if (owner.DiskFull && data.Length > 1)
            {
                // Like a real ENOSPC mid-write: part of the data lands, then the call fails.
                inner.Write(data[..(data.Length / 2)], offset);
            }

            owner.Check();
            inner.Write(data, offset);
        }

        public void Sync()
        {
            owner.Check();
            Interlocked.Increment(ref owner._syncsWaiting);
            owner.SyncGate.Wait();
            Interlocked.Decrement(ref owner._syncsWaiting);
            inner.Sync();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}
