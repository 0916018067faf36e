using Streamer.Binance.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Binance.WebSockets;

/// <summary>
/// The streams of one symbol carried by one WebSocket connection. USD-M routes them (DESIGN section 2): depth and
/// bookTicker on <c>/public</c>, the others on <c>/market</c>; a stream sent to the wrong route gets no data at all,
/// so the route of every stream comes from <see cref="StreamCatalog"/>. COIN-M and spot have one connection kind
/// that carries every stream (<see cref="Single"/>): its <see cref="Route"/> is <see cref="WsRoute.None"/>, no USD-M
/// route, and its <see cref="Name"/> is <c>stream</c>.
/// </summary>
/// <param name="Route">The USD-M route, or <see cref="WsRoute.None"/> for a market's one connection kind.</param>
/// <param name="BaseUrl">The connection's base URL (network.public_ws_url or network.market_ws_url; network.{exchange}.ws_url).</param>
/// <param name="Symbol">Upper-case symbol.</param>
/// <param name="Streams">Streams subscribed on this connection.</param>
/// <param name="DepthSpeed">network.depth_speed (the market maps it to a speed it serves: <see cref="BinanceMarket.StreamName"/>).</param>
public sealed record RouteSubscription(WsRoute Route, Uri BaseUrl, string Symbol, IReadOnlyList<StreamInfo> Streams, string DepthSpeed)
{
    /// <summary>Name of the one connection of a market that does not route its streams, for logs and events.</summary>
    public const string SingleName = "stream";

    /// <summary>The market whose stream names the URL uses (USD-M unless set).</summary>
    public BinanceMarket Market { get; init; } = BinanceMarket.UsdM;

    /// <summary>Streams that trade or quote continuously: long silence on them means the connection is dead.</summary>
    public static bool IsBusy(StreamType stream) => stream is StreamType.AggTrade or StreamType.Depth or StreamType.BookTicker;

    /// <summary>The route's name for logs and events (<c>public</c>, <c>market</c>; <c>stream</c> for a market's one connection).</summary>
    public string Name => Route == WsRoute.None ? SingleName : Route.ToString().ToLowerInvariant();

    /// <summary>The combined-stream URL <c>{base}/stream?streams=a/b</c>.</summary>
    public Uri Url
    {
        get
        {
            var names = Streams.Select(s => Market.StreamName(s, Symbol, DepthSpeed));
            return new Uri(BaseUrl.AbsoluteUri.TrimEnd('/') + "/stream?streams=" + string.Join('/', names));
        }
    }

    /// <summary>The USD-M routes needed for <paramref name="streams"/> of <paramref name="symbol"/>; routes without a stream are left out.</summary>
    public static IReadOnlyList<RouteSubscription> For(string symbol, IEnumerable<StreamInfo> streams, Uri publicUrl, Uri marketUrl, string depthSpeed)
    {
        var list = streams.Where(s => s.Route != WsRoute.None).ToList();
        var result = new List<RouteSubscription>();
        foreach (var (route, url) in new[] { (WsRoute.Public, publicUrl), (WsRoute.Market, marketUrl) })
        {
            var onRoute = list.Where(s => s.Route == route).ToList();
            if (onRoute.Count > 0)
            {
                result.Add(new RouteSubscription(route, url, symbol, onRoute, depthSpeed));
            }
        }

        return result;
    }

    /// <summary>
    /// The one connection of <paramref name="market"/> (whose WebSockets are not routed) that carries every one of
    /// <paramref name="streams"/> of <paramref name="symbol"/>; none when no stream is a WebSocket stream.
    /// </summary>
    /// <exception cref="ArgumentException">A stream the market does not serve (the configuration should have refused it).</exception>
    public static IReadOnlyList<RouteSubscription> Single(BinanceMarket market, string symbol, IEnumerable<StreamInfo> streams, Uri url, string depthSpeed)
    {
        ArgumentNullException.ThrowIfNull(market);
        var list = streams.Where(s => s.Route != WsRoute.None).ToList();
        var unserved = list.FirstOrDefault(s => !market.Supports(s));
        if (unserved is not null)
        {
            throw new ArgumentException($"{market.Exchange} has no {unserved.ConfigName} stream", nameof(streams));
        }

        return list.Count == 0 ? [] : [new RouteSubscription(WsRoute.None, url, symbol, list, depthSpeed) { Market = market }];
    }
}
