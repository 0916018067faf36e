using Streamer.Core.Streams;

namespace Streamer.Pipes.Clients;

/// <summary>
/// A frame the client keeps until the writer acknowledges it: its place in a pooled chunk of
/// <see cref="FrameChunks"/>, not an array of its own. <see cref="Local"/> numbers frames 1, 2, 3, ... in this client.
/// </summary>
internal readonly record struct KeptFrame(long Local, StreamType Stream, long ExchangeTimeMs, byte[] Chunk, int Offset, int Length)
{
    /// <summary>Bookkeeping per frame (this entry in the index ring), counted against the memory bound with the payload.</summary>
    public const int EntryBytes = 48;

    /// <summary>The rows, valid until the frame is released.</summary>
    public ReadOnlySpan<byte> Payload => Chunk.AsSpan(Offset, Length);

    /// <summary>Bytes counted against the memory bound.</summary>
    public long Cost => Length + EntryBytes;
}
