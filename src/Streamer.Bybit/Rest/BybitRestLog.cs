using System.Net;
using Microsoft.Extensions.Logging;

namespace Streamer.Bybit;

/// <summary>Log messages of the Bybit REST client (event ids 2300-2399).</summary>
internal static partial class BybitRestLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Bybit answered retCode {RetCode} (too many visits) to {Path}; all Bybit REST requests of this machine pause {Seconds:0.0}s")]
    public static partial void TooManyVisits(ILogger logger, string path, int retCode, double seconds);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Bybit BLOCKED this IP (HTTP 403, access too frequent) after {Path}; all Bybit REST requests of this machine stop until {Until:u}. WebSocket streams continue; backfill and book snapshots resume when the block ends. Lower network.bybit-linear.rest_weight_budget if this repeats.")]
    public static partial void Banned(ILogger logger, string path, DateTimeOffset until);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Bybit REST {Path} failed ({Reason}); retrying in {Seconds:0.0}s")]
    public static partial void Retrying(ILogger logger, string path, string reason, double seconds);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Debug, Message = "Bybit REST {Path} → {Status} in {Milliseconds:0}ms")]
    public static partial void Answered(ILogger logger, string path, HttpStatusCode status, double milliseconds);
}
