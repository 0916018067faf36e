namespace Streamer.Core.Streams;

/// <summary>
/// Binance USD-M WebSocket routes (since 2026-04). A stream subscribed on the wrong route is
/// acknowledged and then silently gets no data, so every stream must name its route here.
/// </summary>
public enum WsRoute
{
    /// <summary>Not carried over a WebSocket (REST snapshots, events, order book output).</summary>
    None = 0,
    /// <summary><c>/public</c>: depth and bookTicker.</summary>
    Public,
    /// <summary><c>/market</c>: aggTrade, kline, markPrice, forceOrder.</summary>
    Market,
}
