using Microsoft.Extensions.Logging;
using Streamer.Binance.Exchanges;
using Streamer.Worker.Exchanges;
using Streamer.Binance.Rest;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Pipes.Framing;
using Streamer.Pipes;
using Streamer.Core.Processes;
using Streamer.Pipes.Clients;
using Streamer.Worker.Startup;
using Streamer.Pipes.Journal;

namespace Streamer.Worker;

/// <summary>
/// The worker role: one process that records one symbol (the default) or a group of symbols
/// (<c>supervisor.symbols_per_worker</c>) from Binance and hands every row to the writer, without silent
/// holes (see <see cref="SymbolWorker"/>). Each symbol keeps its own connections, writer link and order book
/// link, exactly as in a process of its own; the process shares only what is per machine anyway: the REST
/// client with its weight budget, and one <c>exchangeInfo</c> answer.
/// </summary>
public static class WorkerRole
{
    /// <summary>Runs the workers of <paramref name="symbols"/> until <paramref name="ct"/> is cancelled; returns the exit code.</summary>
    /// <param name="config">The loaded configuration.</param>
    /// <param name="symbols">Upper-case symbols; each must be listed in the configuration.</param>
    /// <param name="runId">The supervisor's run id (names the pipes).</param>
    /// <param name="loggers">Logger factory.</param>
    /// <param name="ct">Cancelled for a graceful stop.</param>
    /// <returns>
    /// <see cref="ExitCodes.Ok"/> after a graceful stop; <see cref="ExitCodes.Failure"/> when a symbol's worker
    /// failed (the others were stopped gracefully first, so the supervisor restarts the group without loss);
    /// <see cref="ExitCodes.SymbolRejected"/> when the exchange lists none of the symbols.
    /// </returns>
    public static async Task<int> RunAsync(StreamerConfig config, IReadOnlyList<string> symbols, string runId, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(loggers);
        var log = loggers.CreateLogger("worker");
        var configured = new List<SymbolConfig>();
        foreach (var symbol in symbols)
        {
            if (config.FindSymbol(symbol) is { } symbolConfig)
            {
                configured.Add(symbolConfig);
            }
            else
            {
                WorkerRoleLog.NotConfigured(log, symbol, config.SourcePath);
            }
        }

        if (configured.Count == 0)
        {
            return ExitCodes.Usage;
        }

        var time = TimeProvider.System;
        using var group = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // One REST client, weight budget (each market has its own per-IP limit) and symbol list per exchange of the group.
        var clients = new Dictionary<string, (IExchangeRest Client, SharedExchangeInfo Info)>(StringComparer.Ordinal);
        int[] codes;
        try
        {
            foreach (var exchange in configured.Select(s => s.Exchange).Distinct(StringComparer.Ordinal))
            {
                var market = ExchangeRegistry.Get(exchange);
                var limiter = market.CreateLimiter(config.Storage.DataDir, config.Network, time, loggers.CreateLogger("worker.rest"));
                var rest = market.CreateRest(config.Network, limiter, time, loggers.CreateLogger("worker.rest"));
                clients[exchange] = (rest, new SharedExchangeInfo(rest, time, group.Token));
            }

            var runs = configured.Select(s => RunOneAsync(config, s, configured.Count, runId, clients[s.Exchange].Client, clients[s.Exchange].Info, time, loggers, group)).ToList();
            codes = await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (rest, _) in clients.Values)
            {
                rest.Dispose();
            }
        }

        if (codes.Contains(ExitCodes.FramesLost))
        {
            return ExitCodes.FramesLost;
        }

        if (codes.Contains(ExitCodes.Failure))
        {
            return ExitCodes.Failure;
        }

        return codes.All(c => c == ExitCodes.SymbolRejected) ? ExitCodes.SymbolRejected : ExitCodes.Ok;
    }

    /// <summary>
    /// One symbol's worker; a failure stops the rest of the group gracefully so the process can be restarted. At the
    /// end, whatever the writer has not acknowledged goes to the symbol's journal (fsynced) for the next start; only
    /// frames that could not be journalled make the exit code <see cref="ExitCodes.FramesLost"/>.
    /// </summary>
    private static async Task<int> RunOneAsync(StreamerConfig config, SymbolConfig symbolConfig, int symbolsInProcess, string runId, IExchangeRest rest,
        SharedExchangeInfo exchangeInfo, TimeProvider time, ILoggerFactory loggers, CancellationTokenSource group)
    {
        await Task.Yield();
        var symbol = symbolConfig.Key;
        var ct = group.Token;
        var hello = Hello.ForWorker(symbolConfig.Exchange, symbolConfig.Symbol);
        var writer = new WriterClient(PipeNames.Writer(runId), hello, config.Storage.HandoffMemoryPerLink(symbolsInProcess),
            JournalPaths.For(config.Storage.DataDir, hello.Source), loggers.CreateLogger("worker." + symbol + ".writer"), time)
        {
            GatherWindow = config.Storage.HandoffBatch,
        };
        SymbolWorker? worker = null;
        int code;
        try
        {
            await using var feed = config.OrderBook.Enabled
                ? new OrderBookFeedClient(PipeNames.OrderBook(runId), symbolConfig.Exchange, symbolConfig.Symbol, loggers.CreateLogger("worker." + symbol + ".orderbook"))
                : null;
            worker = new SymbolWorker(new SymbolWorkerOptions
            {
                Config = config,
                Symbol = symbolConfig,
                Writer = writer,
                OrderBook = feed,
                Rest = rest,
                ExchangeInfo = exchangeInfo.GetAsync,
                Time = time,
                UnackedFrames = () => writer.UnacknowledgedCount,
                Backlog = () => writer.Backlog,
                WriterConnected = () => writer.Connected,
                JournalledLastRow = writer.JournalledLastRow,
                DrainTimeout = config.Supervisor.ChildDrainTimeout,
                ParentGone = () => ParentWatcher.ParentGone,
            }, loggers);
            writer.OutageEnded += worker.RecordWriterOutage;
            if (feed is not null)
            {
                feed.SnapshotRequested += worker.RequestDepthSnapshot;
                await feed.StartAsync(ct).ConfigureAwait(false);
            }

            await writer.StartAsync(ct).ConfigureAwait(false);
            await WaitForWriterHandshakeAsync(writer, ct).ConfigureAwait(false);
            code = await worker.RunAsync(ct).ConfigureAwait(false);
            if (code == ExitCodes.Failure)
            {
                await group.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            code = ExitCodes.Ok;
        }
        catch (Exception e)
        {
            // A bug in one symbol: stop the others gracefully (their rows reach the writer), then the process exits
            // with a failure and the supervisor restarts the group.
            var log = loggers.CreateLogger("worker." + symbol);
            WorkerRoleLog.SymbolFailed(log, symbol, e);
            await group.CancelAsync().ConfigureAwait(false);
            code = ExitCodes.Failure;
        }

        var handoff = await writer.CloseAsync().ConfigureAwait(false);
        if (worker is not null)
        {
            worker.PublishFinal(handoff);
            worker.Dispose();
        }

        return handoff.Safe ? code : ExitCodes.FramesLost;
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
