using Streamer.Core.Streams;
using Streamer.Core.Storage;

namespace Streamer.Writer.Files;

/// <summary>
/// One output file as the write engine sees it: rows waiting to be written, the open handle, and the
/// length written so far (the offset of the next write, so a failed write is retried at the same place).
/// Owned by the engine's single loop; never touched by other threads.
/// </summary>
internal sealed class DayFile(DayFileKey key, StreamInfo stream, string relativePath, string path, byte[] header) : IDisposable
{
    public DayFileKey Key { get; } = key;

    public StreamInfo Stream { get; } = stream;

    /// <summary>Path relative to the data directory, as recorded in the checkpoint.</summary>
    public string RelativePath { get; } = relativePath;

    public string Path { get; } = path;

    /// <summary>Header row with its newline, written when the file is empty.</summary>
    public byte[] Header { get; } = header;

    public PendingBytes Pending { get; } = new();

    /// <summary>Rows in <see cref="Pending"/>.</summary>
    public long PendingRows { get; set; }

    /// <summary>Open handle, or null until the first flush that has rows for it.</summary>
    public IWritableFile? Handle { get; set; }

    /// <summary>Bytes of the file known to be written to the OS (header and rows).</summary>
    public long Length { get; set; }

    /// <summary>When rows last arrived for this file (engine clock).</summary>
    public DateTimeOffset LastRowAt { get; set; }

    /// <summary>Written since the last fsync.</summary>
    public bool NeedsSync { get; set; }

    /// <summary>Set when the engine has closed the file; cached references must look it up again.</summary>
    public bool Closed { get; private set; }

    public void Dispose()
    {
        Closed = true;
        Pending.Dispose();
        Handle?.Dispose();
        Handle = null;
    }
}
