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
}
