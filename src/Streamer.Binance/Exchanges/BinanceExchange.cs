using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Binance.WebSockets;
using Streamer.Core.Configuration;
using Streamer.Core.Depth;
using Streamer.Core.Streams;

namespace Streamer.Binance.Exchanges;

/// <summary>
/// A Binance market whose one WebSocket connection kind carries every stream (<c>{ws_url}/stream?streams=a/b</c>)
/// and whose endpoints are <c>network.{id}</c> (<see cref="NetworkConfig.MarketOf"/>): COIN-M and spot. Everything
/// that differs between them is their <see cref="BinanceMarket"/>; the parser and REST client are USD-M's, told
/// which market they serve.
/// </summary>
public abstract class BinanceExchange : IExchange
{
    private protected BinanceExchange(BinanceMarket market, IDepthSequenceRule depthRule)
    {
        Market = market;
        DepthRule = depthRule;
    }

    /// <summary>What the market's REST API and streams look like.</summary>
    public BinanceMarket Market { get; }

    /// <inheritdoc/>
    public string Id => Market.Exchange;

    /// <inheritdoc/>
    public IDepthSequenceRule DepthRule { get; }

    /// <inheritdoc/>
    public IReadOnlyList<StreamInfo> SupportedStreams => Market.Streams;

    /// <inheritdoc/>
    public IReadOnlyList<string> DepthSpeeds => Market.DepthSpeeds;

    /// <inheritdoc/>
    public bool Supports(StreamInfo stream) => Market.Supports(stream);

    /// <inheritdoc/>
    public string DepthSpeedOf(string depthSpeed) => Market.DepthSpeedOf(depthSpeed);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A stream the market does not serve.</exception>
    public IReadOnlyList<RouteSubscription> Subscriptions(string symbol, IReadOnlyList<StreamInfo> streams, NetworkConfig network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return RouteSubscription.Single(Market, symbol, streams, network.MarketOf(Id).WsUrl, network.DepthSpeed);
    }

    /// <inheritdoc/>
    public IMessageParser CreateParser(string symbol, bool klineAllUpdates) => new BinanceMessageParser(Market.Dialect, symbol, klineAllUpdates);

    /// <inheritdoc/>
    public IExchangeRest CreateRest(NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new BinanceRestClient(Market, network.MarketOf(Id).RestUrl, network, limiter, time, logger);
    }

    /// <inheritdoc/>
    public RestWeightLimiter CreateLimiter(string dataDir, NetworkConfig network, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new RestWeightLimiter(RestWeightLimiter.StateFileIn(dataDir, Id), network.MarketOf(Id).RestWeightBudget, time, logger);
    }

    /// <inheritdoc/>
    public override string ToString() => Id;
}

/// <summary>
/// Binance COIN-M futures (<c>dapi</c>, <c>dstream</c>): USD-M's payloads plus a pair field, no index price in
/// markPriceUpdate, symbols like <c>BTCUSD_PERP</c>, the futures <c>pu</c> chain of <see cref="FuturesDepthRule"/>,
/// and <c>/dapi/v1</c> (<see cref="BinanceMarket.CoinM"/>).
/// </summary>
public sealed class BinanceCoinM : BinanceExchange
{
    private BinanceCoinM()
        : base(BinanceMarket.CoinM, FuturesDepthRule.Instance)
    {
    }

    /// <summary>The one instance (stateless).</summary>
    public static BinanceCoinM Instance { get; } = new();
}

/// <summary>
/// Binance spot (<c>api</c>, <c>stream</c>): aggTrade, depth, bookTicker and kline_1m only; diffs without <c>pu</c>
/// chained by <see cref="SpotDepthRule"/>; <c>/api/v3</c> (<see cref="BinanceMarket.Spot"/>).
/// </summary>
public sealed class BinanceSpot : BinanceExchange
{
    private BinanceSpot()
        : base(BinanceMarket.Spot, SpotDepthRule.Instance)
    {
    }

    /// <summary>The one instance (stateless).</summary>
    public static BinanceSpot Instance { get; } = new();
}
