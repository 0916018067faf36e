using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;
using Streamer.Core.Exchanges;
using Streamer.Pipes.Framing;
using Streamer.Pipes;
using Streamer.Pipes.Clients;
using Streamer.Pipes.Journal;

namespace Streamer.OrderBook.Server;

/// <summary>
/// The order book's writer connections: one <see cref="WriterClient"/> per symbol of each exchange (Hello role
/// <c>orderbook</c>, source <see cref="Hello.OrderBookSource"/> = <c>orderbook:{key}</c>, symbol the bare symbol,
/// <see cref="Hello.Exchange"/> the exchange, by which the writer places the files), so each symbol's rows have
/// their own durable sequence space and a slow symbol never holds up another.
/// </summary>
internal static class WriterSinks
{
    /// <summary>
    /// Memory kept per symbol while the writer is away, before the journal takes the rest. Order book rows are
    /// small (about a KB per interval), so a fraction of the per-process bound is plenty.
    /// </summary>
    private const long MaxBufferedBytesPerSymbol = 8 * 1024 * 1024;

    /// <summary>The Hello of the order book's writer link for <paramref name="symbol"/> of <paramref name="exchange"/>.</summary>
    public static Hello HelloFor(string exchange, string symbol) =>
        new(FrameCodec.ProtocolVersion, "orderbook", Hello.OrderBookSource(exchange, symbol), symbol) { Exchange = exchange };

    public static Func<string, string, CancellationToken, ValueTask<IFrameSink>> Create(StreamerConfig config, string runId, ILoggerFactory loggers) =>
        async (exchange, symbol, ct) =>
        {
            var hello = HelloFor(exchange, symbol);
            var client = new WriterClient(
                PipeNames.Writer(runId),
                hello,
                Math.Min(config.Storage.HandoffMemoryPerLink(config.EnabledSymbols.Count()), MaxBufferedBytesPerSymbol),
                JournalPaths.For(config.Storage.DataDir, hello.Source),
                loggers.CreateLogger("orderbook " + ExchangePaths.Key(exchange, symbol) + " writer"),
                TimeProvider.System);
            await client.StartAsync(ct).ConfigureAwait(false);
            return client;
        };
}
