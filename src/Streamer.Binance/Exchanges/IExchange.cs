using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Binance.WebSockets;
using Streamer.Core.Configuration;
using Streamer.Core.Depth;
using Streamer.Core.Streams;

namespace Streamer.Binance.Exchanges;

/// <summary>
/// What differs between the markets the recorder records (one instance per market; the worker's <c>ExchangeRegistry</c> lists them):
/// which WebSocket connections carry which streams under which names, how their messages become rows, how depth
/// diffs are numbered, and the REST calls behind snapshots and backfill. Everything else a worker does (files,
/// continuity, events rows, reconnects, the writer link) is the same for every market and stays out of here.
/// </summary>
/// <remarks>
/// Endpoints come from <see cref="NetworkConfig"/> (USD-M: <c>network.rest_url</c>, <c>public_ws_url</c>,
/// <c>market_ws_url</c>, <c>rest_weight_budget</c>; the others: <c>network.{id}</c>, <see cref="NetworkConfig.MarketOf"/>),
/// so the simulator and old configurations keep working; request weights live with the exchange's REST client,
/// which knows its own endpoints.
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
    /// <param name="network">The exchange's REST base URL (its own, <see cref="NetworkConfig.MarketOf"/>, except USD-M's <c>network.rest_url</c>), timeouts and retry delays.</param>
    /// <param name="limiter">This exchange's weight budget (<see cref="CreateLimiter"/>): every market has its own per-IP limit.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    IExchangeRest CreateRest(NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger);

    /// <summary>
    /// The machine-wide REST weight budget of this exchange: its own state file in <paramref name="dataDir"/>
    /// (<see cref="RestWeightLimiter.StateFileIn(string, string)"/>) and its own budget (USD-M's
    /// <c>network.rest_weight_budget</c>, the others' <c>network.{id}.rest_weight_budget</c>).
    /// </summary>
    RestWeightLimiter CreateLimiter(string dataDir, NetworkConfig network, TimeProvider time, ILogger logger);

    /// <summary>
    /// True when the depth stream itself starts with a full book (Bybit sends a snapshot message on every subscribe,
    /// parsed as <see cref="StreamType.DepthSnapshot"/> rows): a (re)connect then needs no REST snapshot, only a
    /// break of the chain does. Binance: false (every book starts from REST).
    /// </summary>
    bool SendsBookSnapshots => false;

    /// <summary>The streams the exchange serves; the configuration refuses the others (spot has no markPrice and no forceOrder).</summary>
    IReadOnlyList<StreamInfo> SupportedStreams { get; }

    /// <summary>True when the exchange serves <paramref name="stream"/>.</summary>
    bool Supports(StreamInfo stream);

    /// <summary>The depth update speeds the exchange serves (e.g. spot: <c>100ms</c>, <c>1000ms</c>).</summary>
    IReadOnlyList<string> DepthSpeeds { get; }

    /// <summary>
    /// The depth speed that network.depth_speed <paramref name="depthSpeed"/> subscribes on this exchange: one of
    /// <see cref="DepthSpeeds"/> (USD-M: as configured). Spot: <c>0ms</c>/<c>100ms</c> → <c>100ms</c>,
    /// <c>250ms</c>/<c>500ms</c> → <c>1000ms</c>; COIN-M: <c>0ms</c> → <c>100ms</c>.
    /// </summary>
    string DepthSpeedOf(string depthSpeed);
}
