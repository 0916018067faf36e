using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Binance.WebSockets;
using Streamer.Core.Configuration;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Binance.Exchanges;

/// <summary>
/// Binance USD-M futures (DESIGN section 2): the routed WebSockets (<c>/public</c> for depth and bookTicker,
/// <c>/market</c> for the rest) in combined-stream form, <see cref="BinanceMessageParser"/>, the <c>pu</c> chain
/// of <see cref="FuturesDepthRule"/>, and <c>/fapi/v1</c> over <see cref="BinanceRestClient"/>. It only puts the
/// existing pieces together: the recorder behaves exactly as before this type existed.
/// </summary>
public sealed class BinanceUsdM : IExchange
{
    /// <summary>The one instance (stateless).</summary>
    public static BinanceUsdM Instance { get; } = new();

    private BinanceUsdM()
    {
    }

    /// <inheritdoc/>
    public string Id => ExchangeIds.BinanceUsdM;

    /// <inheritdoc/>
    public IDepthSequenceRule DepthRule => FuturesDepthRule.Instance;

    /// <inheritdoc/>
    public IReadOnlyList<RouteSubscription> Subscriptions(string symbol, IReadOnlyList<StreamInfo> streams, NetworkConfig network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return RouteSubscription.For(symbol, streams, network.PublicWsUrl, network.MarketWsUrl, network.DepthSpeed);
    }

    /// <inheritdoc/>
    public IMessageParser CreateParser(string symbol, bool klineAllUpdates) => new BinanceMessageParser(symbol, klineAllUpdates);

    /// <inheritdoc/>
    public IExchangeRest CreateRest(NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger) =>
        new BinanceRestClient(network, limiter, time, logger);

    /// <inheritdoc/>
    public RestWeightLimiter CreateLimiter(string dataDir, NetworkConfig network, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new RestWeightLimiter(RestWeightLimiter.StateFileIn(dataDir, Id), network.RestWeightBudget, time, logger);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StreamInfo> SupportedStreams => BinanceMarket.UsdM.Streams;

    /// <inheritdoc/>
    public bool Supports(StreamInfo stream) => BinanceMarket.UsdM.Supports(stream);

    /// <inheritdoc/>
    public IReadOnlyList<string> DepthSpeeds => BinanceMarket.UsdM.DepthSpeeds;

    /// <inheritdoc/>
    public string DepthSpeedOf(string depthSpeed) => BinanceMarket.UsdM.DepthSpeedOf(depthSpeed);
}
