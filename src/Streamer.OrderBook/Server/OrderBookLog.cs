using Microsoft.Extensions.Logging;

namespace Streamer.OrderBook.Server;

/// <summary>Log events of the order book process (ids 4100-4199).</summary>
internal static partial class OrderBookLog
{
    [LoggerMessage(4100, LogLevel.Information, "Order book listening on pipe {Pipe} for {Symbols} configured symbols; writing {Depth} levels every {IntervalMs} ms")]
    public static partial void Listening(ILogger logger, string pipe, int symbols, int depth, long intervalMs);

    [LoggerMessage(4101, LogLevel.Information, "Feed for {Symbol} connected ({Source})")]
    public static partial void FeedConnected(ILogger logger, string symbol, string source);

    [LoggerMessage(4102, LogLevel.Information, "Feed for {Symbol} disconnected ({Reason}); its book waits for the worker to reconnect")]
    public static partial void FeedDisconnected(ILogger logger, string symbol, string reason);

    [LoggerMessage(4103, LogLevel.Warning, "Refused a feed connection: {Reason}")]
    public static partial void FeedRefused(ILogger logger, string reason);

    [LoggerMessage(4104, LogLevel.Warning, "Closed the feed for {Symbol}: {Reason}")]
    public static partial void FeedMalformed(ILogger logger, string symbol, string reason);

    [LoggerMessage(4105, LogLevel.Warning, "Skipped a malformed {Stream} frame from {Symbol}: {Reason} (the book resyncs if it mattered)")]
    public static partial void MalformedRows(ILogger logger, string stream, string symbol, string reason);

    [LoggerMessage(4106, LogLevel.Information, "Book {Symbol} synced at update {UpdateId} ({Bids} bids, {Asks} asks)")]
    public static partial void Synced(ILogger logger, string symbol, long updateId, int bids, int asks);

    [LoggerMessage(4107, LogLevel.Warning, "Book {Symbol} lost sync: {Detail}")]
    public static partial void LostSync(ILogger logger, string symbol, string detail);

    [LoggerMessage(4108, LogLevel.Information, "Snapshot {UpdateId} for {Symbol} does not connect to the depth events; asking for a newer one")]
    public static partial void SnapshotRejected(ILogger logger, string symbol, long updateId);

    [LoggerMessage(4109, LogLevel.Debug, "Asked the worker of {Symbol} for a depth snapshot")]
    public static partial void SnapshotRequested(ILogger logger, string symbol);

    [LoggerMessage(4110, LogLevel.Warning, "The writer is not keeping up with {Symbol}: dropped {Count} order book rows so far")]
    public static partial void OutputDropped(ILogger logger, string symbol, long count);

    [LoggerMessage(4111, LogLevel.Warning, "Accepting feed connections failed; retrying")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(4112, LogLevel.Information, "Order book stopping: flushing rows to the writer")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(4114, LogLevel.Error, "The feed connection of {Symbol} failed")]
    public static partial void FeedFailed(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(4113, LogLevel.Warning, "Writing rows of {Symbol} to the writer failed")]
    public static partial void OutputFailed(ILogger logger, Exception exception, string symbol);
}
