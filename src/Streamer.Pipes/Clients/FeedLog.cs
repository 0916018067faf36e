using Microsoft.Extensions.Logging;

namespace Streamer.Pipes.Clients;

/// <summary>Log events of <see cref="OrderBookFeedClient"/> (ids 4000-4099).</summary>
internal static partial class FeedLog
{
    [LoggerMessage(4000, LogLevel.Information, "Order book feed for {Symbol} connected to pipe {Pipe}")]
    public static partial void Connected(ILogger logger, string symbol, string pipe);

    [LoggerMessage(4001, LogLevel.Debug, "Order book feed for {Symbol} cannot reach pipe {Pipe} ({Reason}); retrying in {DelayMs} ms")]
    public static partial void ConnectFailed(ILogger logger, string symbol, string pipe, string reason, long delayMs);

    [LoggerMessage(4002, LogLevel.Information, "Order book feed for {Symbol} lost its connection ({Reason}); {Dropped} frames dropped so far, the book will resync")]
    public static partial void Disconnected(ILogger logger, string symbol, string reason, long dropped);

    [LoggerMessage(4003, LogLevel.Warning, "Order book refused the feed for {Symbol}: {Reason}")]
    public static partial void Rejected(ILogger logger, string symbol, string reason);

    [LoggerMessage(4004, LogLevel.Warning, "Order book feed for {Symbol} got a malformed frame from the order book ({Reason}); reconnecting")]
    public static partial void Malformed(ILogger logger, string symbol, string reason);

    [LoggerMessage(4005, LogLevel.Debug, "Order book asked {Symbol} for a fresh depth snapshot")]
    public static partial void SnapshotRequested(ILogger logger, string symbol);

    [LoggerMessage(4006, LogLevel.Error, "A SnapshotRequested handler for {Symbol} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(4008, LogLevel.Error, "Order book feed for {Symbol} failed; reconnecting")]
    public static partial void Failed(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(4007, LogLevel.Warning, "Order book feed for {Symbol} dropped a {Bytes}-byte frame: larger than the frame limit")]
    public static partial void Oversized(ILogger logger, string symbol, int bytes);
}
