using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Binance.WebSockets;
using Streamer.Core.Configuration;
using Streamer.Core.Depth;
using Streamer.Core.Streams;

namespace Streamer.Binance.Exchanges;

/// <summary>
/// What differs between the markets the recorder records (one instance per market, <see cref="ExchangeRegistry"/>):
/// which WebSocket connections carry which streams under which names, how their messages become rows, how depth
/// diffs are numbered, and the REST calls behind snapshots and backfill. Everything else a worker does (files,
/// continuity, events rows, reconnects, the writer link) is the same for every market and stays out of here.
/// </summary>
/// <remarks>
/// Endpoints come from <see cref="NetworkConfig"/> (<c>network.rest_url</c>, <c>public_ws_url</c>,
/// <c>market_ws_url</c>), so the simulator and old configurations keep working; request weights live with the
/// exchange's REST client, which knows its own endpoints.
/// </remarks>
public interface IExchange
{
    /// <summary>The id of <c>exchange:</c> in config.yaml and of the exchange's data folder (<see cref="Core.Exchanges.ExchangeIds"/>).</summary>
    string Id { get; }

    /// <summary>The connections that carry <paramref name="streams"/> of <paramref name="symbol"/>, each with its URL and stream names.</summary>
    IReadOnlyList<RouteSubscription> Subscriptions(string symbol, IReadOnlyList<StreamInfo> streams, NetworkConfig network);

    /// <summary>A parser of <paramref name="symbol"/>'s messages (one per symbol: it rejects other symbols' messages).</summary>
    /// <param name="symbol">Upper-case symbol.</param>
    /// <param name="klineAllUpdates">Write every kline update, not only closed candles (storage.kline_all_updates).</param>
    IMessageParser CreateParser(string symbol, bool klineAllUpdates);

    /// <summary>How depth diffs chain to each other and to a snapshot.</summary>
    IDepthSequenceRule DepthRule { get; }

    /// <summary>The REST client of a worker process (shared by its symbols of this exchange).</summary>
    IExchangeRest CreateRest(NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger);
}
