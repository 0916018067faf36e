using System.Collections.Concurrent;
using System.Text;
using Streamer.Core.Exchanges;
using Streamer.Pipes;
using Streamer.Core.Streams;

namespace Streamer.OrderBook.Tests;

/// <summary>Stands in for the writer: remembers every frame the order book hands it, per key (<see cref="ExchangePaths.Key"/>).</summary>
internal sealed class FakeWriterSinks
{
    public ConcurrentQueue<(string Symbol, StreamType Stream, long ExchangeTimeMs, string Rows)> Frames { get; } = new();

    public ConcurrentDictionary<string, int> Drains { get; } = new();

    /// <summary>The (exchange, symbol) of every writer link opened, in order.</summary>
    public ConcurrentQueue<(string Exchange, string Symbol)> Links { get; } = new();

    public ValueTask<IFrameSink> Create(string exchange, string symbol, CancellationToken ct)
    {
        Links.Enqueue((exchange, symbol));
        return ValueTask.FromResult<IFrameSink>(new Sink(this, ExchangePaths.Key(exchange, symbol)));
    }

    /// <summary>The rows of <paramref name="stream"/> written for <paramref name="key"/> (<c>BTCUSDT</c>, <c>binance-spot/BTCUSDT</c>).</summary>
    public List<string[]> Rows(string key, StreamType stream) =>
        [.. Frames.Where(f => f.Symbol == key && f.Stream == stream)
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
