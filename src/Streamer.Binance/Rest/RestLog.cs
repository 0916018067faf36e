using System.Net;
using Microsoft.Extensions.Logging;

namespace Streamer.Binance.Rest;

/// <summary>Log messages of the REST client and its weight limiter (event ids 2100-2199).</summary>
internal static partial class RestLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "REST weight {Weight} waits {Seconds:0.0}s for the shared budget, a Retry-After or a ban")]
    public static partial void WaitingForBudget(ILogger logger, int weight, double seconds);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Binance answered 429 (too many requests) to {Path}; all REST requests of this machine pause {Seconds:0}s")]
    public static partial void TooManyRequests(ILogger logger, string path, double seconds);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Binance BANNED this IP (HTTP 418) after {Path}; all REST requests of this machine stop until {Until:u}. WebSocket streams continue; trade backfill and depth snapshots resume when the ban ends. Lower network.rest_weight_budget if this repeats.")]
    public static partial void Banned(ILogger logger, string path, DateTimeOffset until);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "REST {Path} failed ({Reason}); retrying in {Seconds:0.0}s")]
    public static partial void Retrying(ILogger logger, string path, string reason, double seconds);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "REST {Path} → {Status} in {Milliseconds:0}ms, used weight {UsedWeight}")]
    public static partial void Answered(ILogger logger, string path, HttpStatusCode status, double milliseconds, int usedWeight);
}
