namespace Streamer.Binance.WebSockets;

/// <summary>
/// Planned replacement of a connection before Binance ends it (24 h): open the replacement, let it buffer,
/// switch once it provably overlaps the old one, and drop whatever the old one already delivered.
/// </summary>
public sealed partial class RouteConnection
{
    private long _nextRolloverAttemptMs;

    /// <summary>Opens the replacement connection; its messages are buffered until the switch.</summary>
    private async Task StartRolloverAsync(CancellationToken ct)
    {
        RouteLeg leg;
        try
        {
            leg = await ConnectLegAsync(_subscription.Url, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (!ct.IsCancellationRequested)
            {
                RouteLog.ReplacementFailed(_log, _subscription.Name, e.Message);
            }

            return;
        }

        var keep = false;
        await _deliver.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_active is not null && _standby is null && !ct.IsCancellationRequested)
            {
                _standby = leg;
                StartReceiving(leg, ct);
                keep = true;
            }
        }
        finally
        {
            _deliver.Release();
        }

        if (!keep)
        {
            await leg.Session.CloseAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            leg.Session.Dispose();
        }
    }

    /// <summary>
    /// True when switching to <paramref name="standby"/> loses nothing: for every stream it has received,
    /// its first message is one the active connection already delivered, and every busy stream the active
    /// connection delivered has started on the replacement too. Called under the delivery lock.
    /// </summary>
    private bool OverlapIsProven(RouteLeg standby)
    {
        foreach (var stream in _subscription.Streams)
        {
            var s = (int)stream.Type;
            var first = standby.FirstKey[s];
            var last = _lastKey[s];
            if (first is not null && last is not null && first > last)
            {
                return false;
            }

            if (first is null && last is not null && RouteSubscription.IsBusy(stream.Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Makes the replacement the active connection. Called under the delivery lock.</summary>
    private async ValueTask SwitchAsync(bool forced, CancellationToken ct)
    {
        var old = _active;
        var next = _standby!;
        Array.Copy(_lastKey, _cutoff, _lastKey.Length);
        _active = next;
        _standby = null;
        foreach (var (parsed, rows, local) in next.Pending)
        {
            await DeliverAsync(parsed, rows, local, ct).ConfigureAwait(false);
        }

        next.Pending.Clear();
        next.Pending.TrimExcess();
        Interlocked.Increment(ref _rollovers);
        var detail = forced ? "replacement took over when the old connection ended" : "replacement overlapped the old connection";
        RouteLog.RolledOver(_log, _subscription.Name, detail);
        await _listener.OnEventAsync(new RouteEvent(RouteEventKind.RolledOver, _subscription.Name, detail), ct).ConfigureAwait(false);
        if (old is not null)
        {
            // Its receive loop sees the abort and ends quietly: it is no longer the active leg.
            old.AbortReason = "replaced";
            old.Session.Abort();
            _ = DisposeWhenDoneAsync(old);
        }
    }

    /// <summary>Gives up a replacement that never received anything, or forces the switch of one that did.</summary>
    private async ValueTask ResolveSlowRolloverAsync(CancellationToken ct)
    {
        if (_standby is not { } standby)
        {
            return;
        }

        if (standby.Messages > 0)
        {
            await SwitchAsync(forced: true, ct).ConfigureAwait(false);
            return;
        }

        _standby = null;
        standby.AbortReason = "replacement received nothing";
        standby.Session.Abort();
        _ = DisposeWhenDoneAsync(standby);
        RouteLog.ReplacementFailed(_log, _subscription.Name, "the replacement connection received nothing; retrying later");
    }

    private static async Task DisposeWhenDoneAsync(RouteLeg leg)
    {
        if (leg.Receiving is { } receiving)
        {
            await receiving.ConfigureAwait(false);
        }

        leg.Session.Dispose();
    }
}
