using Streamer.Binance.Parsing;
using Streamer.Core.Streams;

namespace Streamer.Binance.WebSockets;

/// <summary>Receiving: parse each message once, remove rollover duplicates, deliver in order.</summary>
public sealed partial class RouteConnection
{
    // Session state, guarded by _deliver.
    private RouteLeg? _active;
    private RouteLeg? _standby;
    private readonly long?[] _lastKey = new long?[Enum.GetValues<StreamType>().Length];
    private readonly long?[] _cutoff = new long?[Enum.GetValues<StreamType>().Length];
    private TaskCompletionSource<string>? _sessionEnded;

    /// <summary>Runs one session (a connection and its rollover replacements) until the active connection ends.</summary>
    private async Task<string> RunSessionAsync(RouteLeg first, CancellationToken ct)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _deliver.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _sessionEnded = ended;
            _active = first;
            _standby = null;
            Array.Clear(_lastKey);
            Array.Clear(_cutoff);
        }
        finally
        {
            _deliver.Release();
        }

        StartReceiving(first, session.Token);
        var watchdog = WatchAsync(session.Token);
        try
        {
            return await ended.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return "stopping";
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            RouteLeg? active, standby;
            await _deliver.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                (active, standby) = (_active, _standby);
                _active = null;
                _standby = null;
                _sessionEnded = null;
            }
            finally
            {
                _deliver.Release();
            }

            await CloseLegAsync(active).ConfigureAwait(false);
            await CloseLegAsync(standby).ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
        }
    }

    private void StartReceiving(RouteLeg leg, CancellationToken ct) =>
        leg.Receiving = ReceiveLegAsync(leg, ct);

    private async Task<string> ReceiveLegAsync(RouteLeg leg, CancellationToken ct)
    {
        string reason;
        Exception? bug = null;
        try
        {
            reason = await leg.Session.ReceiveAsync((message, kind) => OnReceivedAsync(leg, message, kind, ct), BinanceMessageParser.MaxMessageBytes, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = "stopping";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in a listener or here: end the session with it so that it surfaces with its stack trace.
            bug = e;
            reason = e.Message;
        }

        reason = leg.AbortReason ?? reason;
        await _deliver.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (bug is not null)
            {
                _sessionEnded?.TrySetException(bug);
            }
            else if (leg == _active)
            {
                if (_standby is { } standby && standby.Messages > 0)
                {
                    // The old connection ended before the switch: the replacement already overlaps it.
                    await SwitchAsync(forced: true, ct).ConfigureAwait(false);
                }
                else
                {
                    _sessionEnded?.TrySetResult(reason);
                }
            }
            else if (leg == _standby)
            {
                _standby = null;
                RouteLog.ReplacementFailed(_log, _subscription.Name, reason);
            }
        }
        finally
        {
            _deliver.Release();
        }

        return reason;
    }

    private async ValueTask OnReceivedAsync(RouteLeg leg, ReadOnlyMemory<byte> message, ReceivedKind kind, CancellationToken ct)
    {
        var local = LocalClock.MicrosecondsNow(_time);
        if (kind == ReceivedKind.Oversized)
        {
            _listener.OnMalformed(ParsedMessage.Failed(ParseError.TooLarge, "message larger than the limit"), ReadOnlySpan<byte>.Empty);
            return;
        }

        leg.Rows.Clear();
        var parsed = _parser.Parse(message.Span, local, leg.Rows);
        if (parsed.IsError)
        {
            _listener.OnMalformed(parsed, message.Span);
            return;
        }

        if (parsed.Stream == StreamType.None)
        {
            return; // Subscription replies.
        }

        var s = (int)parsed.Stream;
        leg.LastMessageAtMs[s] = local / 1000;
        leg.Messages++;
        await _deliver.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (leg == _active)
            {
                await DeliverAsync(parsed, leg.Rows.WrittenMemory, local, ct).ConfigureAwait(false);
                if (_standby is not null && OverlapIsProven(_standby))
                {
                    await SwitchAsync(forced: false, ct).ConfigureAwait(false);
                }
            }
            else if (leg == _standby)
            {
                leg.FirstKey[s] ??= parsed.OrderingKey;
                leg.Pending.Add((parsed, leg.Rows.WrittenSpan.ToArray(), local));
                if (OverlapIsProven(leg))
                {
                    await SwitchAsync(forced: false, ct).ConfigureAwait(false);
                }
            }

            // Anything else comes from a retired connection whose messages the active one also carries.
        }
        finally
        {
            _deliver.Release();
        }
    }

    /// <summary>Delivers a message unless it repeats one the previous connection already delivered.</summary>
    private async ValueTask DeliverAsync(ParsedMessage parsed, ReadOnlyMemory<byte> rows, long localTimeUs, CancellationToken ct)
    {
        var s = (int)parsed.Stream;
        var key = parsed.OrderingKey;
        if (_cutoff[s] is { } cutoff && key <= cutoff)
        {
            return;
        }

        _lastKey[s] = key;
        await _listener.OnMessageAsync(new RouteMessage(parsed, rows, localTimeUs), ct).ConfigureAwait(false);
    }

    private static async Task CloseLegAsync(RouteLeg? leg)
    {
        if (leg is null)
        {
            return;
        }

        await leg.Session.CloseAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        if (leg.Receiving is { } receiving)
        {
            await receiving.ConfigureAwait(false);
        }

        leg.Session.Dispose();
    }
}
