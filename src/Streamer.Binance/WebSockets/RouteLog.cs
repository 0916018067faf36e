using Microsoft.Extensions.Logging;

namespace Streamer.Binance.WebSockets;

/// <summary>Log messages of the WebSocket routes (event ids 2200-2299).</summary>
internal static partial class RouteLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "{Route} route connected: {Url}")]
    public static partial void Connected(ILogger logger, string route, Uri url);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "{Route} route cannot connect to {Url} ({Reason}); retrying in {Seconds:0.0}s")]
    public static partial void ConnectFailed(ILogger logger, string route, Uri url, string reason, double seconds);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "{Route} route disconnected: {Reason}; reconnecting in {Seconds:0.0}s")]
    public static partial void Disconnected(ILogger logger, string route, string reason, double seconds);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "{Route} route reconnected after {Seconds:0.0}s")]
    public static partial void Reconnected(ILogger logger, string route, double seconds);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "{Route} route: stream {Stream} silent for {Seconds:0}s (never received anything: {Never}); replacing the connection. If this repeats, check that the symbol trades and that the stream is on the right route.")]
    public static partial void StreamSilent(ILogger logger, string route, string stream, double seconds, bool never);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "{Route} route rolled over to a new connection: {Detail}")]
    public static partial void RolledOver(ILogger logger, string route, string detail);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "{Route} route: replacement connection failed: {Reason}")]
    public static partial void ReplacementFailed(ILogger logger, string route, string reason);
}
