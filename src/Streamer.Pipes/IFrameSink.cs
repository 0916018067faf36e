using Streamer.Core.Streams;

namespace Streamer.Pipes;

/// <summary>
/// Where a producer (worker, order book) hands rows to be written. The implementation assigns
/// sequence numbers, keeps every frame until the writer acknowledges it, and resends after reconnects.
/// </summary>
public interface IFrameSink
{
    /// <summary>
    /// Queues complete CSV rows (UTF-8, each ending in <c>\n</c>) of one stream and one UTC day.
    /// The bytes are copied before this returns. Waits (backpressure) when too much is unacknowledged.
    /// </summary>
    ValueTask WriteAsync(StreamType stream, long exchangeTimeMs, ReadOnlyMemory<byte> rows, CancellationToken ct);

    /// <summary>Completes when everything queued so far is acknowledged as written, or on cancellation.</summary>
    Task DrainAsync(CancellationToken ct);
}
