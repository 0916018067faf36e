namespace Streamer.Writer.Durability;

/// <summary>
/// When written bytes are forced to the storage device. Writing to the OS (every flush) already makes
/// rows safe from a crash of the writer process; fsync only matters when the OS itself goes down.
/// </summary>
/// <remarks>
/// What each setting (shipped defaults) means:
/// <code>
/// | setting               | default | effect                                                                 |
/// |-----------------------|---------|------------------------------------------------------------------------|
/// | storage.flush_interval| 100ms   | rows go from memory to the OS, the checkpoint is replaced, then the     |
/// |                       |         | clients are acknowledged. A writer crash (kill -9) loses nothing: the   |
/// |                       |         | files are cut back to the checkpoint and the clients resend the rest.   |
/// | storage.fsync_interval| 1s      | data files, then the checkpoint, are fsynced at most this long apart.   |
/// |                       |         | An OS crash or power cut loses at most ~1s of acknowledged rows. 0 =    |
/// |                       |         | fsync at every flush (nothing acknowledged is ever lost; slower).       |
/// | storage.fsync_rows    | 100000  | also fsync once this many rows were written since the last fsync, which |
/// |                       |         | bounds the loss in rows during bursts. 0 = by interval only.            |
/// </code>
/// After an OS crash the recovery keeps every complete row it finds (the clients died with the machine,
/// nobody will resend) and only cuts a torn last line; each loss it can see is logged.
/// </remarks>
internal sealed class FsyncPolicy(TimeSpan interval, long rows, TimeProvider time)
{
    private DateTimeOffset _last = time.GetUtcNow();
    private long _rowsSince;

    /// <summary>Counts rows handed to the OS since the last fsync.</summary>
    public void AddRows(long count) => _rowsSince += count;

    /// <summary>True when the next flush must fsync.</summary>
    public bool IsDue =>
        interval <= TimeSpan.Zero
        || time.GetUtcNow() - _last >= interval
        || (rows > 0 && _rowsSince >= rows);

    /// <summary>Records a completed fsync.</summary>
    public void Synced()
    {
        _last = time.GetUtcNow();
        _rowsSince = 0;
    }
}
