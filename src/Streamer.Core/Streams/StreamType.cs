namespace Streamer.Core.Streams;

/// <summary>
/// What a frame's payload holds. The numeric values are part of the pipe wire format
/// (see <see cref="Framing.FrameCodec"/>): never renumber, only append.
/// </summary>
public enum StreamType : byte
{
    /// <summary>Not a data stream (handshake and acknowledgement frames).</summary>
    None = 0,
    AggTrade = 1,
    Kline1m = 2,
    Depth = 3,
    DepthSnapshot = 4,
    BookTicker = 5,
    MarkPrice = 6,
    ForceOrder = 7,
    OrderBook = 8,
    Events = 9,
    /// <summary>Bybit publicTrade: one row per trade (no consecutive ids, unlike Binance's aggTrade).</summary>
    Trade = 10,
    /// <summary>Bybit tickers: the full ticker state after each snapshot or delta.</summary>
    Ticker = 11,
}
