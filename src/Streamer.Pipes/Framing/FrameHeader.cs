using Streamer.Core.Streams;

namespace Streamer.Pipes.Framing;

/// <summary>Fixed-size header of a frame; see the field table on <see cref="FrameCodec"/>.</summary>
public readonly record struct FrameHeader(
    FrameKind Kind,
    StreamType StreamType,
    ulong Sequence,
    long ExchangeTimeMs,
    int PayloadLength)
{
    /// <summary>A data frame header.</summary>
    public static FrameHeader Data(StreamType stream, ulong sequence, long exchangeTimeMs, int payloadLength) =>
        new(FrameKind.Data, stream, sequence, exchangeTimeMs, payloadLength);
}
