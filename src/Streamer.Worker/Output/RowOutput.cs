using Streamer.Binance.Parsing;
using Streamer.Pipes.Framing;
using Streamer.Pipes;
using Streamer.Core.Streams;
using Streamer.Worker.Status;

namespace Streamer.Worker.Output;

/// <summary>
/// Where every row of the worker goes: the writer (durable), plus depth and snapshots to the order book
/// feed when it is enabled (best effort). Frames hold rows of one stream and one UTC day.
/// </summary>
internal sealed class RowOutput(IFrameSink writer, IFrameSink? orderBook, WorkerStatus status)
{
    /// <summary>Rows of one message (one stream, one day).</summary>
    public async ValueTask WriteAsync(StreamType stream, long exchangeTimeMs, ReadOnlyMemory<byte> rows, int rowCount, CancellationToken ct)
    {
        if (rows.IsEmpty)
        {
            return;
        }

        await writer.WriteAsync(stream, exchangeTimeMs, rows, ct).ConfigureAwait(false);
        status.Rows(stream, rowCount);
        if (orderBook is not null && stream is StreamType.Depth or StreamType.DepthSnapshot)
        {
            await orderBook.WriteAsync(stream, exchangeTimeMs, rows, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A snapshot that is not recorded but still seeds the order book.</summary>
    public async ValueTask FeedOnlyAsync(StreamType stream, long exchangeTimeMs, ReadOnlyMemory<byte> rows, CancellationToken ct)
    {
        if (orderBook is not null)
        {
            await orderBook.WriteAsync(stream, exchangeTimeMs, rows, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rows from a REST page, in order: consecutive rows are gathered into frames, split where the UTC day
    /// changes (a backfill can cross midnight) and before a frame would exceed the maximum payload.
    /// </summary>
    public async ValueTask WriteRestRowsAsync(StreamType stream, RestRows page, IReadOnlyList<RestRow> rows, CancellationToken ct)
    {
        var start = 0;
        while (start < rows.Count)
        {
            var day = StreamCatalog.UtcDay(rows[start].ExchangeTimeMs);
            var end = start + 1;
            var bytes = rows[start].Length;
            while (end < rows.Count
                && rows[end].Offset == rows[end - 1].Offset + rows[end - 1].Length
                && StreamCatalog.UtcDay(rows[end].ExchangeTimeMs) == day
                && bytes + rows[end].Length <= FrameCodec.MaxPayloadLength)
            {
                bytes += rows[end].Length;
                end++;
            }

            var slice = page.Bytes.Slice(rows[start].Offset, bytes);
            await WriteAsync(stream, rows[start].ExchangeTimeMs, slice, end - start, ct).ConfigureAwait(false);
            start = end;
        }
    }
}
