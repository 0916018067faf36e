using Streamer.Core.Streams;

namespace Streamer.Writer.Client;

/// <summary>A frame the client keeps until the writer acknowledges it. <see cref="Local"/> numbers frames 1, 2, 3, ... in this client.</summary>
internal sealed record KeptFrame(long Local, StreamType Stream, long ExchangeTimeMs, byte[] Payload)
{
    /// <summary>Bytes counted against the memory bound: payload plus object overhead.</summary>
    public long Cost => Payload.Length + 64;
}
