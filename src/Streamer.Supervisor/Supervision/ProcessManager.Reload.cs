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
            await Task.WhenAll(plan.Stop.Concat(plan.Restart).Select(s => StopWorkerAsync(s, timeout))).ConfigureAwait(false);
            await ApplyOrderBookAsync(plan.OrderBook, timeout).ConfigureAwait(false);
            await StartWorkersAsync([.. plan.Restart, .. plan.Start], ct).ConfigureAwait(false);
            SupervisorLog.Reloaded(_log, plan.Summary());
            return plan;
        }
        finally
        {
            _changeLock.Release();
        }
    }

    private async Task StopWorkerAsync(string symbol, TimeSpan timeout)
    {
        SupervisedChild? worker;
        lock (_gate)
        {
            _workers.Remove(symbol, out worker);
        }

        if (worker is not null)
        {
            await worker.StopAsync(timeout).ConfigureAwait(false);
            worker.Dispose();
        }
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
            var book = Spawn(ChildRole.OrderBook, null);
            lock (_gate)
            {
                _orderBook = book;
            }
        }
    }
}
