using Streamer.Core.Streams;

namespace Streamer.Binance.WebSockets;

/// <summary>
/// Once a second: a busy stream (aggTrade, depth, bookTicker) silent for network.silence_timeout on a silent
/// connection means a dead connection, while a quiet stream (forceOrder, markPrice) may legitimately say
/// nothing (see <see cref="SilentStream"/>); and a connection older than network.connection_lifetime is replaced
/// (unless its exchange sets no lifetime, <see cref="RouteSubscription.HasLifetime"/>).
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

                    // An exchange without a connection lifetime (Bybit) is never rolled over.
                    var due = _subscription.HasLifetime && now - active.ConnectedAtMs >= _network.ConnectionLifetime.TotalMilliseconds;
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

    /// <summary>
    /// A busy stream silent for silence_timeout while its connection is silent too means a dead connection.
    /// While other streams of the connection flow, the connection is alive and the stream may simply be
    /// quiet (an illiquid symbol can go minutes without a trade; reconnecting would cost REST weight for
    /// nothing): only a silence ten times longer is treated as a stalled stream. A stream that stalls
    /// while its connection lives loses nothing silently either: its next message shows the id gap.
    /// </summary>
    private StreamType? SilentStream(RouteLeg active, long nowMs)
    {
        var timeout = (long)_network.SilenceTimeout.TotalMilliseconds;
        var connectionSince = active.ConnectedAtMs;
        foreach (var stream in _subscription.Streams)
        {
            connectionSince = Math.Max(connectionSince, active.LastMessageAtMs[(int)stream.Type]);
        }

        var connectionSilent = nowMs - connectionSince > timeout;
        foreach (var stream in _subscription.Streams)
        {
            if (IsQuiet(stream.Type))
            {
                continue;
            }

            var silentFor = nowMs - Math.Max(active.ConnectedAtMs, active.LastMessageAtMs[(int)stream.Type]);
            if (silentFor > timeout && (connectionSilent || silentFor > StalledStreamFactor * timeout))
            {
                return stream.Type;
            }
        }

        return null;
    }

    private const long StalledStreamFactor = 10;

    private static bool IsQuiet(StreamType type) => !RouteSubscription.IsBusy(type);
}
