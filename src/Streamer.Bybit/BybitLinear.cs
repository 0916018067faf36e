using Microsoft.Extensions.Logging;
using Streamer.Binance.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Binance.WebSockets;
using Streamer.Core.Configuration;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Bybit;

/// <summary>
/// Bybit linear perpetuals (v5 public API, <c>network.bybit-linear</c>): one WebSocket connection per symbol on the
/// market's ws_url that subscribes its topics by message (<see cref="BybitTopics"/>) and pings every 20 s, with no
/// lifetime to roll over; <see cref="BybitMessageParser"/>; orderbook.500's <c>u</c>, each the previous + 1, chained by
/// <see cref="SpotDepthRule"/>; a book snapshot on every subscribe; and <see cref="BybitRestClient"/>, whose every
/// request weighs 1.
/// </summary>
public sealed class BybitLinear : IExchange
{
    private BybitLinear()
    {
    }

    /// <summary>The one instance (stateless).</summary>
    public static BybitLinear Instance { get; } = new();

    /// <inheritdoc/>
    public string Id => ExchangeIds.BybitLinear;

    /// <inheritdoc/>
    public IDepthSequenceRule DepthRule { get; } = DepthRules.For(ExchangeIds.BybitLinear);

    /// <inheritdoc/>
    public bool SendsBookSnapshots => true;

    /// <inheritdoc/>
    public IReadOnlyList<StreamInfo> SupportedStreams { get; } = ExchangeStreams.Of(ExchangeIds.BybitLinear);

    /// <inheritdoc/>
    /// <remarks>orderbook.500 is pushed every 100 ms; no other speed exists at that depth.</remarks>
    public IReadOnlyList<string> DepthSpeeds { get; } = ["100ms"];

    /// <inheritdoc/>
    public bool Supports(StreamInfo stream) => SupportedStreams.Contains(stream);

    /// <inheritdoc/>
    public string DepthSpeedOf(string depthSpeed) => "100ms";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A stream Bybit does not serve (the configuration should have refused it).</exception>
    public IReadOnlyList<RouteSubscription> Subscriptions(string symbol, IReadOnlyList<StreamInfo> streams, NetworkConfig network)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(network);
        var list = streams.Where(s => s.Route != WsRoute.None).ToList();
        var unserved = list.FirstOrDefault(s => !Supports(s));
        if (unserved is not null)
        {
            throw new ArgumentException($"{Id} has no {unserved.ConfigName} stream", nameof(streams));
        }

        if (list.Count == 0)
        {
            return [];
        }

        var topics = list.Select(s => BybitTopics.Topic(s, symbol)).ToList();
        return
        [
            new RouteSubscription(WsRoute.None, network.MarketOf(Id).WsUrl, symbol, list, DepthSpeedOf(network.DepthSpeed))
            {
                UrlIsBase = true,
                ConnectMessages = BybitTopics.SubscribeMessages(topics),
                Ping = new ApplicationPing(BybitTopics.PingMessage, BybitTopics.PingInterval),
                HasLifetime = false,
            },
        ];
    }

    /// <inheritdoc/>
    public IMessageParser CreateParser(string symbol, bool klineAllUpdates) => new BybitMessageParser(symbol, klineAllUpdates);

    /// <inheritdoc/>
    public IExchangeRest CreateRest(NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new BybitRestClient(network.MarketOf(Id).RestUrl, network, limiter, time, logger);
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
