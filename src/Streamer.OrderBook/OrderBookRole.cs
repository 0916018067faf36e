using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Pipes;
using Streamer.OrderBook.Server;

namespace Streamer.OrderBook;

/// <summary>
/// The optional order book process (<c>orderbook.enabled</c>): a local book per symbol, fed by the workers
/// over <see cref="PipeNames.OrderBook"/> (it opens no exchange connection of its own), kept right by
/// its exchange's procedure (<c>DepthRules.For</c>), and written as <c>orderbook</c> rows (top <c>orderbook.depth</c> levels every
/// <c>orderbook.interval</c>, synced books only) plus an <c>events</c> row per resync, through the writer.
/// </summary>
public static class OrderBookRole
{
    /// <summary>Runs until <paramref name="ct"/> is cancelled (graceful stop: rows are flushed to the writer), then returns the exit code.</summary>
    public static Task<int> RunAsync(StreamerConfig config, string runId, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        var host = new OrderBookHost { Sinks = WriterSinks.Create(config, runId, loggers), DrainTimeout = config.Supervisor.ChildDrainTimeout };
        return RunAsync(config, runId, loggers, host, ct);
    }

    internal static async Task<int> RunAsync(StreamerConfig config, string runId, ILoggerFactory loggers, OrderBookHost host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("orderbook");
        var pipe = PipeNames.OrderBook(runId);
        using var books = new BookRegistry(config.OrderBook.Depth, host.Sinks, host.Time, logger);
        foreach (var symbol in config.EnabledSymbols)
        {
            await books.GetAsync(symbol.Exchange, symbol.Symbol, ct).ConfigureAwait(false);
        }

        var server = new OrderBookServer(pipe, books, logger);
        var publisher = new OrderBookPublisher(books, config.OrderBook.Interval, host.Time, host.PublishStatus, host.StatusInterval);
        OrderBookLog.Listening(logger, pipe, books.Books.Count, config.OrderBook.Depth, (long)config.OrderBook.Interval.TotalMilliseconds);

        await Task.WhenAll(server.RunAsync(ct), publisher.RunRowsAsync(ct), publisher.RunStatusAsync(ct)).ConfigureAwait(false);

        OrderBookLog.Stopping(logger);
        using var drain = new CancellationTokenSource(host.DrainTimeout);
        // What the writer has not acknowledged by then is journalled for the next start; only rows that could not
        // be journalled either make this a failure.
        return await books.CompleteAsync(drain.Token).ConfigureAwait(false) ? ExitCodes.Ok : ExitCodes.FramesLost;
    }
}
