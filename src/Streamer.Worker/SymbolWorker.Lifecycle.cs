using Streamer.Core.Exchanges;
using Microsoft.Extensions.Logging;
using Streamer.Binance.WebSockets;
using Streamer.Core;
using Streamer.Core.Streams;
using Streamer.Worker.Output;
using Streamer.Worker.Startup;
using Streamer.Pipes.Clients;

namespace Streamer.Worker;

/// <summary>Start (symbol check, resume point, connections) and graceful stop (drain the writer, exit 0).</summary>
internal sealed partial class SymbolWorker
{
    /// <summary>Runs until <paramref name="ct"/> is cancelled; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        using var link = ct.Register(() => _stopping.Cancel());
        var stop = _stopping.Token;
        var publisher = PublishStatusAsync(stop);
        try
        {
            Status.SetState("connecting", "checking the symbol on the exchange");
            if (!await SymbolIsListedAsync(stop).ConfigureAwait(false))
            {
                return await RejectAsync().ConfigureAwait(false);
            }

            await ResumeFromFilesAsync(stop).ConfigureAwait(false);
            var routeTasks = new List<Task>();
            foreach (var subscription in _exchange.Subscriptions(Symbol, _options.Symbol.Streams, _options.Config.Network))
            {
                var route = new RouteConnection(subscription, _options.Config.Network, _parser, new RouteHandler(this, subscription),
                    _options.Time, _loggers.CreateLogger("worker." + Symbol + "." + subscription.Name));
                _routes.Add(route);
                routeTasks.Add(route.RunAsync(stop));
            }

            if (_depth is not null)
            {
                routeTasks.Add(_depth.RunAsync(stop));
            }

            var all = Task.WhenAll(routeTasks);
            await Task.WhenAny(all, _bug.Task, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
            if (_fault is not null || all.IsFaulted)
            {
                var fault = _fault ?? all.Exception!.GetBaseException();
                WorkerLog.Crashed(_log, Symbol, fault);
                await _stopping.CancelAsync().ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            Status.SetState("draining");
            await _stopping.CancelAsync().ConfigureAwait(false);
            await StopQuietlyAsync(all).ConfigureAwait(false);
            await WaitQuietlyAsync(_aggTrades?.Backfill).ConfigureAwait(false);
            await WaitQuietlyAsync(_klines?.Backfill).ConfigureAwait(false);
            await WaitQuietlyAsync(_trades?.Fill).ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while starting (e.g. while waiting for the exchange).
            await DrainAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await publisher.ConfigureAwait(false);
            _options.Publish(StatusNow());
        }
    }

    /// <summary>Asks exchangeInfo (retrying until it answers) whether the symbol exists.</summary>
    private async Task<bool> SymbolIsListedAsync(CancellationToken ct)
    {
        IReadOnlyDictionary<string, string> symbols;
        try
        {
            symbols = await (_options.ExchangeInfo ?? _options.Rest.GetExchangeInfoAsync)(ct).ConfigureAwait(false);
        }
        catch (Binance.Parsing.BinanceResponseException e)
        {
            // Do not refuse a symbol because of an answer we could not read: record it and carry on.
            WorkerLog.ExchangeInfoUnreadable(_log, e.Message);
            return true;
        }

        if (!symbols.TryGetValue(Symbol, out var state))
        {
            return false;
        }

        if (!string.Equals(state, "TRADING", StringComparison.Ordinal))
        {
            WorkerLog.NotTrading(_log, Symbol, state);
        }

        return true;
    }

    private async Task<int> RejectAsync()
    {
        var detail = $"{Symbol} is not listed on the exchange ({_options.Rest.SymbolListUrl}); check the symbol in {_options.Config.SourcePath}";
        WorkerLog.Rejected(_log, Symbol, detail);
        Status.SetState("rejected", detail);
        using var timeout = new CancellationTokenSource(_options.DrainTimeout);
        try
        {
            await _services.Events.WriteAsync("", EventKinds.Rejected, null, null, detail, timeout.Token).ConfigureAwait(false);
            await _options.Writer.DrainAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The writer is not there to record it; the exit code still tells the supervisor.
        }

        return ExitCodes.SymbolRejected;
    }

    /// <summary>
    /// Resumes after the last aggTrade and closed candle recorded (in the files, or journalled by a predecessor and
    /// delivered before anything of this process): what came after is fetched over REST.
    /// </summary>
    private async Task ResumeFromFilesAsync(CancellationToken ct)
    {
        // The exchange's own tree has the layout RecordedTail knows (symbol folder, .staging, hive).
        var dataDir = ExchangePaths.Root(_options.Config.Storage.DataDir, _options.Symbol.Exchange);
        if (_aggTrades is not null)
        {
            var last = await RecordedTail.LastIdAsync(dataDir, Symbol, StreamCatalog.AggTrade, _options.JournalledLastRow(StreamCatalog.AggTrade.Type), ct).ConfigureAwait(false);
            _aggTrades.Seed(last);
            if (last is not null)
            {
                WorkerLog.Resuming(_log, StreamCatalog.AggTrade.ConfigName, last.Value);
                await _aggTrades.CatchUpAsync("worker start", ct).ConfigureAwait(false);
            }
        }

        if (_trades is not null)
        {
            var last = await RecordedTail.LastNumberAsync(dataDir, Symbol, StreamCatalog.Trade, "seq", _options.JournalledLastRow(StreamCatalog.Trade.Type), ct).ConfigureAwait(false);
            _trades.Seed(last);
            if (last is not null)
            {
                WorkerLog.Resuming(_log, StreamCatalog.Trade.ConfigName, last.Value);
                await _trades.CatchUpAsync("worker start", ct).ConfigureAwait(false);
            }
        }

        if (_klines is not null)
        {
            var last = await RecordedTail.LastClosedKlineAsync(dataDir, Symbol, _options.JournalledLastRow(StreamCatalog.Kline1m.Type), ct).ConfigureAwait(false);
            _klines.Seed(last);
            if (last is not null)
            {
                WorkerLog.Resuming(_log, StreamCatalog.Kline1m.ConfigName, last.Value);
                await _klines.CatchUpAsync("worker start", ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits (bounded by <see cref="SymbolWorkerOptions.DrainTimeout"/>) until the writer has acknowledged every row;
    /// true when it did. What is left then goes to the journal when the writer link closes, so a slow or absent writer
    /// costs nothing but this wait. An orphan (the supervisor died; it has seconds to live) waits only while the writer
    /// link is up, and at most <see cref="OrphanDrainTimeout"/>, so it journals in time.
    /// </summary>
    private async Task<bool> DrainAsync()
    {
        using var timeout = new CancellationTokenSource(_options.DrainTimeout);
        var drain = _options.Writer.DrainAsync(timeout.Token);
        try
        {
            var downSince = (long?)null;
            var started = _options.Time.GetTimestamp();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _options.Time);
            while (!drain.IsCompleted && await timer.WaitForNextTickAsync(timeout.Token).ConfigureAwait(false))
            {
                var now = _options.Time.GetTimestamp();
                downSince = _options.WriterConnected() ? null : downSince ?? now;
                if (_options.ParentGone() && (downSince is not null || _options.Time.GetElapsedTime(started, now) >= OrphanDrainTimeout))
                {
                    await timeout.CancelAsync().ConfigureAwait(false);
                    break;
                }
            }

            await drain.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            WorkerLog.DrainTimedOut(_log, _options.DrainTimeout.TotalSeconds, _options.UnackedFrames());
            return false;
        }
    }

    private static readonly TimeSpan OrphanDrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The last status line, after the writer link closed: what was journalled or lost at the stop.</summary>
    public void PublishFinal(HandoffResult handoff)
    {
        var status = StatusNow();
        HandoffCounters.AddFinal(status, handoff);
        _options.Publish(status);
    }

    private async Task PublishStatusAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.StatusInterval, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                _options.Publish(StatusNow());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping; the final status is published by RunAsync.
        }
    }

    private Core.Status.ChildStatus StatusNow()
    {
        var routesState = _routes.Count == 0 ? null : _routes.Any(r => r.State == "reconnecting") ? "reconnecting" : _routes.All(r => r.State == "streaming") ? "streaming" : null;
        if (routesState is not null && Status.State is "connecting" or "streaming" or "reconnecting")
        {
            Status.SetState(routesState);
        }

        var status = Status.ToChildStatus(_options.Symbol.Key, _options.Symbol.Streams, _options.Rest.Limiter.WeightUsed, _options.UnackedFrames(), _options.Rest.Limiter.IsBanned);
        HandoffCounters.Add(status, _options.Backlog());
        return status;
    }

    private static async Task StopQuietlyAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when stopping.
        }
    }

    private static Task WaitQuietlyAsync(Task? task) => task is null ? Task.CompletedTask : StopQuietlyAsync(task);
}
