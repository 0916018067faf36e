using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Logging;
using Streamer.Supervisor.Reload;

namespace Streamer.Supervisor.Supervision;

/// <summary>Applying a changed configuration to the running set.</summary>
public sealed partial class ProcessManager
{
    /// <summary>
    /// Applies <paramref name="next"/> (already validated): starts workers of added or enabled symbols,
    /// stops removed or disabled ones, restarts those whose streams changed and leaves the others alone.
    /// With <c>symbols_per_worker</c> &gt; 1 a stopped or restarted symbol takes its whole group down; the
    /// other symbols of that group are started again at once (they resume from their files like after a
    /// crash), grouped with the restarted and added symbols; groups without a change are never touched.
    /// </summary>
    public async Task<ReloadPlan> ApplyAsync(StreamerConfig next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(next);
        await _changeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ReloadPlan plan;
            lock (_gate)
            {
                plan = ReloadPlan.Compute(_config, next);
                if (_stopping)
                {
                    return plan with { Start = [], Stop = [], Restart = [], OrderBook = OrderBookChange.None };
                }

                _config = next;
            }

            if (plan.OtherSections.Count > 0)
            {
                SupervisorLog.ReloadNeedsRestart(_log, string.Join(", ", plan.OtherSections));
            }

            if (!plan.ChangesProcesses)
            {
                SupervisorLog.ReloadNoChange(_log);
                return plan;
            }

            var timeout = next.Supervisor.StopTimeout;
            var regrouped = await StopWorkersOfAsync([.. plan.Stop, .. plan.Restart], timeout).ConfigureAwait(false);
            var bystanders = regrouped.Except(plan.Stop).Except(plan.Restart).ToList();
            if (bystanders.Count > 0)
            {
                SupervisorLog.GroupRestarted(_log, string.Join(", ", bystanders));
            }

            await ApplyOrderBookAsync(plan.OrderBook, timeout).ConfigureAwait(false);
            await StartWorkersAsync([.. plan.Restart, .. bystanders, .. plan.Start], ct).ConfigureAwait(false);
            await ScanOrphanJournalsAsync(ct).ConfigureAwait(false);
            SupervisorLog.Reloaded(_log, plan.Summary());
            return plan;
        }
        finally
        {
            _changeLock.Release();
        }
    }

    /// <summary>Stops the workers that hold any of <paramref name="symbols"/>; returns every symbol they held.</summary>
    private async Task<List<string>> StopWorkersOfAsync(IReadOnlyList<string> symbols, TimeSpan timeout)
    {
        List<SupervisedChild> workers;
        lock (_gate)
        {
            workers = [.. symbols.Select(s => _workers.GetValueOrDefault(s)).OfType<SupervisedChild>().Distinct()];
            foreach (var symbol in workers.SelectMany(w => w.Symbols))
            {
                _workers.Remove(symbol);
            }
        }

        await Task.WhenAll(workers.Select(w => w.StopAsync(timeout))).ConfigureAwait(false);
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        return [.. workers.SelectMany(w => w.Symbols)];
    }

    private async Task ApplyOrderBookAsync(OrderBookChange change, TimeSpan timeout)
    {
        if (change is OrderBookChange.Stop or OrderBookChange.Restart)
        {
            SupervisedChild? book;
            lock (_gate)
            {
                book = _orderBook;
                _orderBook = null;
            }

            if (book is not null)
            {
                await book.StopAsync(timeout).ConfigureAwait(false);
                book.Dispose();
            }
        }

        if (change is OrderBookChange.Start or OrderBookChange.Restart)
        {
            var book = Spawn(ChildRole.OrderBook, []);
            lock (_gate)
            {
                _orderBook = book;
            }
        }
    }
}
