using Streamer.Binance.Parsing;
using Streamer.Binance.WebSockets;
using Streamer.Core.Streams;
using Streamer.Worker.Output;

namespace Streamer.Worker;

/// <summary>What the worker does with each route's messages and connection events.</summary>
internal sealed partial class SymbolWorker
{
    private async ValueTask OnMessageAsync(RouteMessage message, CancellationToken ct)
    {
        var parsed = message.Parsed;
        Status.Message(parsed.Stream, parsed.EventTimeMs, message.LocalTimeUs);
        if (parsed.Outcome != ParseOutcome.Rows)
        {
            return; // An unclosed candle.
        }

        switch (parsed.Stream)
        {
            case StreamType.AggTrade when _aggTrades is not null:
                await _aggTrades.OnLiveAsync(parsed.FirstId, parsed.ExchangeTimeMs, message.Rows, parsed.Rows, ct).ConfigureAwait(false);
                break;
            case StreamType.Kline1m when _klines is not null && parsed.Closed:
                await _klines.OnLiveAsync(parsed.FirstId, parsed.ExchangeTimeMs, message.Rows, parsed.Rows, ct).ConfigureAwait(false);
                break;
            case StreamType.Trade when _trades is not null:
                await _trades.OnLiveAsync(parsed.FirstId, parsed.LastId, parsed.ExchangeTimeMs, message.Rows, parsed.Rows, ct).ConfigureAwait(false);
                break;
            case StreamType.Depth when _depth is not null:
                await _depth.OnDepthAsync(parsed, message.Rows, ct).ConfigureAwait(false);
                break;
            case StreamType.DepthSnapshot when _depth is not null:
                await _depth.OnStreamSnapshotAsync(parsed, message.Rows, ct).ConfigureAwait(false);
                break;
            default:
                await _services.Output.WriteAsync(parsed.Stream, parsed.ExchangeTimeMs, message.Rows, parsed.Rows, ct).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask OnRouteEventAsync(RouteSubscription route, RouteEvent e, CancellationToken ct)
    {
        switch (e.Kind)
        {
            case RouteEventKind.Connected:
                DepthConnected(route, "start");
                break;
            case RouteEventKind.Reconnected:
                Status.Reconnect();
                await EventPerStreamAsync(route, EventKinds.Reconnect, FormattableString.Invariant($"{route.Name} route reconnected after {e.Downtime.TotalSeconds:0.0}s"), ct).ConfigureAwait(false);
                DepthConnected(route, "reconnect");
                if (route.Streams.Contains(StreamCatalog.AggTrade) && _aggTrades is not null)
                {
                    await _aggTrades.CatchUpAsync("reconnect", ct).ConfigureAwait(false);
                }

                if (route.Streams.Contains(StreamCatalog.Trade) && _trades is not null)
                {
                    await _trades.CatchUpAsync("reconnect", ct).ConfigureAwait(false);
                }

                if (route.Streams.Contains(StreamCatalog.Kline1m) && _klines is not null)
                {
                    await _klines.CatchUpAsync("reconnect", ct).ConfigureAwait(false);
                }

                break;
            case RouteEventKind.Disconnected:
                await EventPerStreamAsync(route, EventKinds.Disconnect, e.Detail, ct).ConfigureAwait(false);
                break;
            case RouteEventKind.RolledOver:
                Status.Rollover();
                await EventPerStreamAsync(route, EventKinds.Rollover, e.Detail, ct).ConfigureAwait(false);
                break;
            case RouteEventKind.StreamSilent:
            default:
                break; // Logged by the route; the Disconnected event that follows is recorded.
        }
    }

    private void DepthConnected(RouteSubscription route, string reason)
    {
        if (_depth is not null && route.Streams.Contains(StreamCatalog.Depth))
        {
            _depth.OnConnected(reason);
        }
    }

    private async ValueTask EventPerStreamAsync(RouteSubscription route, string kind, string detail, CancellationToken ct)
    {
        foreach (var stream in route.Streams)
        {
            long? lastId = stream.Type switch
            {
                StreamType.AggTrade => _aggTrades?.LastId,
                StreamType.Trade => _trades?.LastSeq,
                StreamType.Kline1m => _klines?.LastId,
                StreamType.Depth => _depth?.Chain.LastFinal,
                _ => null,
            };
            await _services.Events.WriteAsync(stream.ConfigName, kind, lastId, null, detail, ct).ConfigureAwait(false);
        }
    }

    private void OnMalformed(ParsedMessage result, ReadOnlySpan<byte> sample)
    {
        Status.MalformedMessage();
        _malformed.Report(result, sample);
    }

    /// <summary>Forwards one route's callbacks to the worker.</summary>
    private sealed class RouteHandler(SymbolWorker worker, RouteSubscription route) : IRouteListener
    {
        public ValueTask OnMessageAsync(RouteMessage message, CancellationToken ct) => worker.OnMessageAsync(message, ct);

        public ValueTask OnEventAsync(RouteEvent routeEvent, CancellationToken ct) => worker.OnRouteEventAsync(route, routeEvent, ct);

        public void OnMalformed(ParsedMessage result, ReadOnlySpan<byte> sample) => worker.OnMalformed(result, sample);
    }
}
