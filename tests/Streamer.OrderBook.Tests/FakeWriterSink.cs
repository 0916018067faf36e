using System.Collections.Concurrent;
using System.Text;
using Streamer.Pipes;
using Streamer.Core.Streams;

namespace Streamer.OrderBook.Tests;

/// <summary>Stands in for the writer: remembers every frame the order book hands it, per symbol.</summary>
internal sealed class FakeWriterSinks
{
    public ConcurrentQueue<(string Symbol, StreamType Stream, long ExchangeTimeMs, string Rows)> Frames { get; } = new();

    public ConcurrentDictionary<string, int> Drains { get; } = new();

    public ValueTask<IFrameSink> Create(string symbol, CancellationToken ct) => ValueTask.FromResult<IFrameSink>(new Sink(this, symbol));

    public List<string[]> Rows(string symbol, StreamType stream) =>
        [.. Frames.Where(f => f.Symbol == symbol && f.Stream == stream)
            .SelectMany(f => f.Rows.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(r => r.Split(','))];

    private sealed class Sink(FakeWriterSinks owner, string symbol) : IFrameSink
    {
        public ValueTask WriteAsync(StreamType stream, long exchangeTimeMs, ReadOnlyMemory<byte> rows, CancellationToken ct)
        {
            owner.Frames.Enqueue((symbol, stream, exchangeTimeMs, Encoding.UTF8.GetString(rows.Span)));
            return ValueTask.CompletedTask;
        }

        public Task DrainAsync(CancellationToken ct)
        {
            owner.Drains.AddOrUpdate(symbol, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}
