using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;
using Streamer.Pipes.Framing;
using Streamer.Pipes;
using Streamer.Pipes.Clients;
using Streamer.Pipes.Journal;

namespace Streamer.OrderBook.Server;

/// <summary>
/// The order book's writer connections: one <see cref="WriterClient"/> per symbol (Hello role
/// <c>orderbook</c>, source <c>orderbook:SYMBOL</c>), so each symbol's rows have their own durable
/// sequence space and a slow symbol never holds up another.
/// </summary>
internal static class WriterSinks
{
    /// <summary>
    /// Memory kept per symbol while the writer is away, before the journal takes the rest. Order book rows are
    /// small (about a KB per interval), so a fraction of the per-process bound is plenty.
    /// </summary>
    private const long MaxBufferedBytesPerSymbol = 8 * 1024 * 1024;

    public static Func<string, CancellationToken, ValueTask<IFrameSink>> Create(StreamerConfig config, string runId, ILoggerFactory loggers) =>
        async (symbol, ct) =>
        {
            var hello = new Hello(FrameCodec.ProtocolVersion, "orderbook", "orderbook:" + symbol, symbol);
            var client = new WriterClient(
                PipeNames.Writer(runId),
                hello,
                Math.Min(config.Storage.HandoffMemoryPerLink(config.EnabledSymbols.Count()), MaxBufferedBytesPerSymbol),
                JournalPaths.For(config.Storage.DataDir, hello.Source),
                loggers.CreateLogger("orderbook " + symbol + " writer"),
                TimeProvider.System);
            await client.StartAsync(ct).ConfigureAwait(false);
            return client;
        };
}
