namespace Streamer.Verify.Running;

/// <summary>
/// How far the run is, written by the reading loop and read by the progress display on another thread
/// (each value is a single atomic long; the pair may be a read apart, which a progress line tolerates).
/// </summary>
internal sealed class VerifyProgress
{
    private long _totalBytes;
    private long _finishedBytes;
    private long _fileBytes;
    private long _finishedRows;
    private long _fileRows;
    private string _file = "";

    public long TotalBytes => Volatile.Read(ref _totalBytes);

    /// <summary>Bytes read so far (of the files on disk: compressed bytes for .csv.gz).</summary>
    public long BytesDone => Volatile.Read(ref _finishedBytes) + Volatile.Read(ref _fileBytes);

    public long RowsDone => Volatile.Read(ref _finishedRows) + Volatile.Read(ref _fileRows);

    public string File => Volatile.Read(ref _file);

    public void Plan(long totalBytes) => Volatile.Write(ref _totalBytes, totalBytes);

    public void BeginFile(string file)
    {
        Volatile.Write(ref _file, file);
        Volatile.Write(ref _fileBytes, 0);
        Volatile.Write(ref _fileRows, 0);
    }

    /// <summary>Position in the current file and rows read from it.</summary>
    public void Update(long bytes, long rows)
    {
        Volatile.Write(ref _fileBytes, bytes);
        Volatile.Write(ref _fileRows, rows);
    }

    /// <summary>The current file is done; <paramref name="bytes"/> is how much of the plan it accounted for.</summary>
    public void EndFile(long bytes, long rows)
    {
        Interlocked.Add(ref _finishedBytes, bytes);
        Interlocked.Add(ref _finishedRows, rows);
        Volatile.Write(ref _fileBytes, 0);
        Volatile.Write(ref _fileRows, 0);
    }
}
