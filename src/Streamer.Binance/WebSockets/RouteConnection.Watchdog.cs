using Streamer.Core.Streams;

namespace Streamer.Binance.WebSockets;

/// <summary>
/// Once a second: a busy stream (aggTrade, depth, bookTicker) silent for network.silence_timeout means a dead
/// connection, while a quiet stream (forceOrder, markPrice) may legitimately say nothing; and a connection
/// older than network.connection_lifetime is replaced.
/// </summary>
public sealed partial class RouteConnection
{
    private async Task WatchAsync(CancellationToken ct)
    {
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(
            Math.Min(_network.SilenceTimeout.TotalMilliseconds, _network.ConnectionLifetime.TotalMilliseconds) / 4, 50, 1000));
        var retryMs = (long)Math.Min(5_000, _network.ConnectionLifetime.TotalMilliseconds);
        var overlapLimitMs = (long)Math.Min(_network.SilenceTimeout.TotalMilliseconds, 15_000);
        using var timer = new PeriodicTimer(tick, _time);
        Task? rollover = null;
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                await _deliver.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    var now = NowMs;
                    if (_active is not { } active)
                    {
                        continue;
                    }

                    if (SilentStream(active, now) is { } silent)
                    {
                        var seconds = (now - Math.Max(active.ConnectedAtMs, active.LastMessageAtMs[(int)silent])) / 1000.0;
                        var detail = FormattableString.Invariant($"{StreamName(silent)} silent for {seconds:0}s");
                        RouteLog.StreamSilent(_log, _subscription.Name, StreamName(silent), seconds, active.LastMessageAtMs[(int)silent] == 0);
                        await _listener.OnEventAsync(new RouteEvent(RouteEventKind.StreamSilent, _subscription.Name, detail, Stream: silent), ct).ConfigureAwait(false);
                        active.AbortReason = detail;
                        active.Session.Abort();
                        continue;
                    }

                    if (_standby is { } standby && now - standby.ConnectedAtMs > overlapLimitMs)
                    {
                        await ResolveSlowRolloverAsync(ct).ConfigureAwait(false);
                        _nextRolloverAttemptMs = now + retryMs;
                        continue;
                    }

                    var due = now - active.ConnectedAtMs >= _network.ConnectionLifetime.TotalMilliseconds;
                    if (due && _standby is null && now >= _nextRolloverAttemptMs && (rollover is null || rollover.IsCompleted))
                    {
                        _nextRolloverAttemptMs = now + retryMs;
                        rollover = StartRolloverAsync(ct);
                    }
                }
                finally
                {
                    _deliver.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Session over.
        }

        if (rollover is not null)
        {
            await rollover.ConfigureAwait(false);
        }
    }

    private StreamType? SilentStream(RouteLeg active, long nowMs)
    {
        foreach (var stream in _subscription.Streams)
        {
            if (IsQuiet(stream.Type))
            {
                continue;
            }

            var since = Math.Max(active.ConnectedAtMs, active.LastMessageAtMs[(int)stream.Type]);
            if (nowMs - since > _network.SilenceTimeout.TotalMilliseconds)
            {
                return stream.Type;
            }
        }

        return null;
    }

    private static bool IsQuiet(StreamType type) => !RouteSubscription.IsBusy(type);
}
