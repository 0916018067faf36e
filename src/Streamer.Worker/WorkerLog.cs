using Microsoft.Extensions.Logging;

namespace Streamer.Worker;

/// <summary>Log messages of the worker role (event ids 3000-3099).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Stream}: backfill from id {FromId} ({Reason})")]
    public static partial void BackfillStarted(ILogger logger, string stream, long fromId, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Stream}: backfill done, {Count} rows fetched over REST ({FromId}..{ToId})")]
    public static partial void BackfillDone(ILogger logger, string stream, long count, long fromId, long toId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "{Stream}: ids {FromId}..{ToId} are lost: {Why}. Recorded in the events file.")]
    public static partial void Unrecoverable(ILogger logger, string stream, long fromId, long toId, string why);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "{Stream}: the exchange refused the backfill: {Reason}")]
    public static partial void BackfillRefused(ILogger logger, string stream, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "{Stream}: {Count} live messages held during a long backfill were dropped to bound memory; REST fetches them instead")]
    public static partial void HeldBackDropped(ILogger logger, string stream, int count);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "{Stream}: unusable REST answer ({Reason}); asking again")]
    public static partial void BadRestAnswer(ILogger logger, string stream, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "depth: update chain broken (last u {LastFinal}, next update {First}..{Final}); taking a new snapshot")]
    public static partial void DepthBreak(ILogger logger, long lastFinal, long first, long final);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "depth snapshot {LastUpdateId} sent by the stream ({Levels} levels)")]
    public static partial void StreamSnapshot(ILogger logger, long lastUpdateId, int levels);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "depth snapshot {LastUpdateId} taken ({Bids} bids, {Asks} asks) after {Reason}")]
    public static partial void SnapshotTaken(ILogger logger, long lastUpdateId, int bids, int asks, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "depth snapshot {LastUpdateId} is older than the first recorded update {SegmentFirst}; taking another")]
    public static partial void SnapshotTooOld(ILogger logger, long lastUpdateId, long segmentFirst);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "{Symbol}: the exchange refused a depth snapshot: {Reason}; retrying")]
    public static partial void SnapshotRefused(ILogger logger, string symbol, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "skipped a bad exchange message ({Error}: {Reason}); sample: {Sample} ({Suppressed} more since the last sample)")]
    public static partial void Malformed(ILogger logger, string error, string reason, string sample, long suppressed);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Error, Message = "{Symbol} rejected: {Detail}. This worker stops and is not restarted.")]
    public static partial void Rejected(ILogger logger, string symbol, string detail);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "{Symbol} is listed with status {Status}, not TRADING: its streams may stay empty")]
    public static partial void NotTrading(ILogger logger, string symbol, string status);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "could not read exchangeInfo ({Reason}); recording without the symbol check")]
    public static partial void ExchangeInfoUnreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "{Stream}: files end at id {LastId}; fetching what came after over REST")]
    public static partial void Resuming(ILogger logger, string stream, long lastId);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "stop: the writer did not acknowledge everything within {Seconds:0}s; {Unacked} frame(s) outstanding go to the journal for the next start")]
    public static partial void DrainTimedOut(ILogger logger, double seconds, long unacked);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Critical, Message = "{Symbol} worker failed; the supervisor restarts it")]
    public static partial void Crashed(ILogger logger, string symbol, Exception exception);
}
