using Microsoft.Extensions.Logging;
using Streamer.Binance.Rest;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Framing;
using Streamer.Core.Pipes;
using Streamer.OrderBook.Feed;
using Streamer.Writer.Client;

namespace Streamer.Worker;

/// <summary>
/// The per-symbol worker role: one process per symbol that records its streams from Binance and hands
/// every row to the writer, without silent holes (see <see cref="SymbolWorker"/>).
/// </summary>
public static class WorkerRole
{
    /// <summary>Runs the worker for <paramref name="symbol"/> until <paramref name="ct"/> is cancelled; returns the exit code.</summary>
    /// <param name="config">The loaded configuration.</param>
    /// <param name="symbol">Upper-case symbol; must be listed in the configuration.</param>
    /// <param name="runId">The supervisor's run id (names the pipes).</param>
    /// <param name="loggers">Logger factory.</param>
    /// <param name="ct">Cancelled for a graceful stop.</param>
    public static async Task<int> RunAsync(StreamerConfig config, string symbol, string runId, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        var log = loggers.CreateLogger("worker." + symbol);
        var symbolConfig = config.FindSymbol(symbol);
        if (symbolConfig is null)
        {
            WorkerRoleLog.NotConfigured(log, symbol, config.SourcePath);
            return ExitCodes.Usage;
        }

        var time = TimeProvider.System;
        var spool = Path.Combine(config.Storage.DataDir, ".spool", symbol);
        await using var writer = new WriterClient(PipeNames.Writer(runId), Hello.ForWorker(symbol), config.Storage.WorkerBufferBytes, spool,
            loggers.CreateLogger("worker." + symbol + ".writer"), time);
        await using var feed = config.OrderBook.Enabled
            ? new OrderBookFeedClient(PipeNames.OrderBook(runId), symbol, loggers.CreateLogger("worker." + symbol + ".orderbook"))
            : null;
        var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(config.Storage.DataDir), config.Network.RestWeightBudget, time,
            loggers.CreateLogger("worker." + symbol + ".rest"));
        using var rest = new BinanceRestClient(config.Network, limiter, time, loggers.CreateLogger("worker." + symbol + ".rest"));
        using var worker = new SymbolWorker(new SymbolWorkerOptions
        {
            Config = config,
            Symbol = symbolConfig,
            Writer = writer,
            OrderBook = feed,
            Rest = rest,
            Time = time,
            UnackedFrames = () => writer.UnacknowledgedCount,
            WriterConnected = () => writer.Connected,
        }, loggers);
        if (feed is not null)
        {
            feed.SnapshotRequested += worker.RequestDepthSnapshot;
            await feed.StartAsync(ct).ConfigureAwait(false);
        }

        await writer.StartAsync(CancellationToken.None).ConfigureAwait(false);
        await WaitForWriterHandshakeAsync(writer, ct).ConfigureAwait(false);
        return await worker.RunAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The worker resumes from the tail of the files. A writer that is alive may still hold rows of this
    /// symbol's previous (crashed) worker; its handshake answer waits until those are written, so reading
    /// the tail after the handshake cannot miss them and backfill cannot duplicate them. A writer that is
    /// down is waited for only briefly: when it restarts it cuts unacknowledged rows anyway.
    /// </summary>
    private static async Task WaitForWriterHandshakeAsync(WriterClient writer, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var deadline = TimeProvider.System.GetTimestamp() + (long)(TimeProvider.System.TimestampFrequency * WriterHandshakeWait.TotalSeconds);
        try
        {
            while (!writer.Connected && TimeProvider.System.GetTimestamp() < deadline && await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the worker's own start-up notices the cancellation.
        }
    }

    private static readonly TimeSpan WriterHandshakeWait = TimeSpan.FromSeconds(10);
}
