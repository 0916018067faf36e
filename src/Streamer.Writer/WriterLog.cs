using Microsoft.Extensions.Logging;

namespace Streamer.Writer;

/// <summary>Log messages of the writer process (event ids 5000-5099).</summary>
internal static partial class WriterLog
{
    [LoggerMessage(5000, LogLevel.Information, "Writer listening on pipe {Pipe}, writing to {DataDir}")]
    public static partial void Listening(ILogger logger, string pipe, string dataDir);

    [LoggerMessage(5001, LogLevel.Information, "Recovered {Sources} source(s) and {Files} open file(s) from the checkpoint")]
    public static partial void Recovered(ILogger logger, int sources, int files);

    [LoggerMessage(5002, LogLevel.Information, "Cut {Bytes} unacknowledged byte(s) from {Path}; their clients resend them")]
    public static partial void CutTail(ILogger logger, string path, long bytes);

    [LoggerMessage(5003, LogLevel.Error, "{Path} should hold {Expected} byte(s) but holds {Actual}: rows acknowledged before an OS crash were lost")]
    public static partial void AcknowledgedBytesMissing(ILogger logger, string path, long expected, long actual);

    [LoggerMessage(5004, LogLevel.Warning, "Cut a torn last row ({Bytes} byte(s)) from {Path}")]
    public static partial void TornTailTrimmed(ILogger logger, string path, long bytes);

    [LoggerMessage(5005, LogLevel.Information, "No writer checkpoint in {DataDir}: first start in this data directory")]
    public static partial void NoCheckpoint(ILogger logger, string dataDir);

    [LoggerMessage(5006, LogLevel.Error, "The writer checkpoint {Path} is damaged; keeping every complete row on disk and starting all sources afresh")]
    public static partial void CheckpointDamaged(ILogger logger, string path);

    [LoggerMessage(5007, LogLevel.Warning, "The machine restarted since the last checkpoint: keeping every complete row on disk")]
    public static partial void MachineRestarted(ILogger logger);

    [LoggerMessage(5010, LogLevel.Information, "Connection {Connection}: {Role} {Source} (symbol {Symbol}) connected")]
    public static partial void ClientConnected(ILogger logger, string connection, string role, string source, string symbol);

    [LoggerMessage(5011, LogLevel.Information, "Connection {Connection} closed: {Reason}")]
    public static partial void ClientDisconnected(ILogger logger, string connection, string reason);

    [LoggerMessage(5012, LogLevel.Warning, "Connection {Connection} rejected: {Reason}")]
    public static partial void ClientRejected(ILogger logger, string connection, string reason);

    [LoggerMessage(5013, LogLevel.Warning, "Connection {Connection} sent a malformed frame and is closed: {Reason}")]
    public static partial void MalformedFrame(ILogger logger, string connection, string reason);

    [LoggerMessage(5014, LogLevel.Warning, "Connection {Connection} skipped sequences (expected {Expected}, got {Got}); closing it so the client resends")]
    public static partial void SequenceGap(ILogger logger, string connection, ulong expected, ulong got);

    [LoggerMessage(5015, LogLevel.Error, "Source {Source}: frames {From}..{To} were acknowledged earlier but are not in the files (lost in an OS crash or with the writer's state); continuing after them")]
    public static partial void LostAcknowledgedFrames(ILogger logger, string source, ulong from, ulong to);

    [LoggerMessage(5016, LogLevel.Warning, "Source {Source} sent exchange time {Time}, which is not a valid time; its rows go to the 1970-01-01 file")]
    public static partial void BadExchangeTime(ILogger logger, string source, long time);

    [LoggerMessage(5020, LogLevel.Error, "Cannot write {Path} ({FreeSpace}): {Message}. Writing is paused and nothing is acknowledged, so clients keep their rows; retrying every second. {PendingBytes} byte(s) waiting. Free disk space or fix the permissions of the data directory.")]
    public static partial void DiskFailing(ILogger logger, string path, string freeSpace, long pendingBytes, string message);

    [LoggerMessage(5021, LogLevel.Error, "Still cannot write after {Duration}: {Path} ({FreeSpace}), {PendingBytes} byte(s) waiting: {Message}")]
    public static partial void DiskStillFailing(ILogger logger, TimeSpan duration, string path, string freeSpace, long pendingBytes, string message);

    [LoggerMessage(5022, LogLevel.Warning, "Writing works again after {Duration}; nothing was lost")]
    public static partial void DiskRecovered(ILogger logger, TimeSpan duration);

    [LoggerMessage(5030, LogLevel.Information, "Closed {Path}")]
    public static partial void FileClosed(ILogger logger, string path);

    [LoggerMessage(5031, LogLevel.Information, "Compressed {Path}: {CsvBytes} → {GzipBytes} bytes")]
    public static partial void FileCompressed(ILogger logger, string path, long csvBytes, long gzipBytes);

    [LoggerMessage(5050, LogLevel.Information, "Sealed {Path}: {Rows} row(s), csv {CsvBytes} → parquet {ParquetBytes} bytes")]
    public static partial void PartSealed(ILogger logger, string path, long rows, long csvBytes, long parquetBytes);

    [LoggerMessage(5051, LogLevel.Warning, "Could not seal {Path} into Parquet: {Message}; the csv stays and is sealed again at the next start")]
    public static partial void SealFailed(ILogger logger, string path, string message);

    [LoggerMessage(5052, LogLevel.Information, "Stop: sealed {Count} open part(s) into Parquet in {Duration}")]
    public static partial void SealedAtStop(ILogger logger, int count, TimeSpan duration);

    [LoggerMessage(5032, LogLevel.Warning, "Could not compress {Path}: {Message}; the csv stays as it is")]
    public static partial void CompressionFailed(ILogger logger, string path, string message);

    [LoggerMessage(5033, LogLevel.Warning, "Could not delete {Path}: {Message}")]
    public static partial void CleanupFailed(ILogger logger, string path, string message);

    [LoggerMessage(5040, LogLevel.Information, "Stopping: writing everything received")]
    public static partial void Draining(ILogger logger);

    [LoggerMessage(5041, LogLevel.Error, "Stopped with {PendingBytes} byte(s) unwritten, the disk still refuses: {Message}. They were never acknowledged.")]
    public static partial void FinalFlushFailed(ILogger logger, long pendingBytes, string message);

    [LoggerMessage(5042, LogLevel.Information, "Writer stopped; every received row is written and synced")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(5043, LogLevel.Critical, "Cannot listen on pipe {Pipe}: {Message}")]
    public static partial void ListenFailed(ILogger logger, string pipe, string message);

    [LoggerMessage(5045, LogLevel.Critical, "The write engine failed; stopping so the writer is restarted and recovers from its checkpoint")]
    public static partial void EngineFailed(ILogger logger, Exception exception);

    [LoggerMessage(5046, LogLevel.Error, "Another writer is using {DataDir} ({Message}); waiting for it to stop. Two streamers must not share a data directory.")]
    public static partial void DataDirLocked(ILogger logger, string dataDir, string message);

    [LoggerMessage(5044, LogLevel.Critical, "Cannot prepare the data directory {DataDir}: {Message}. Check that it exists and is writable.")]
    public static partial void RecoveryFailed(ILogger logger, string dataDir, string message);
}
