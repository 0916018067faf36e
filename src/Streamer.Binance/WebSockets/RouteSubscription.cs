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

    /// <summary>
    /// Text messages the connection sends, in order, right after it connects (and after every reconnect or rollover):
    /// Bybit's <c>{"op":"subscribe","args":[...]}</c> requests. None for Binance, whose URL names the streams.
    /// </summary>
    public IReadOnlyList<string> ConnectMessages { get; init; } = [];

    /// <summary>
    /// An application-level ping the connection sends while it is open (Bybit drops a connection that sends no
    /// <c>{"op":"ping"}</c>); null for none (Binance: WebSocket protocol pings only).
    /// </summary>
    public ApplicationPing? Ping { get; init; }

    /// <summary>
    /// True when <see cref="BaseUrl"/> is the connection itself (Bybit: <c>/v5/public/linear</c>): <see cref="Url"/>
    /// is then <see cref="BaseUrl"/> unchanged, and the streams are subscribed by <see cref="ConnectMessages"/>.
    /// </summary>
    public bool UrlIsBase { get; init; }

    /// <summary>
    /// False when the exchange sets no lifetime on a connection (Bybit has no 24 h limit): it is then never replaced
    /// by a rollover, whatever network.connection_lifetime says, and only reconnects when it ends or falls silent.
    /// </summary>
    public bool HasLifetime { get; init; } = true;

    /// <summary>Streams that trade or quote continuously: long silence on them means the connection is dead.</summary>
    public static bool IsBusy(StreamType stream) => stream is StreamType.AggTrade or StreamType.Trade or StreamType.Depth or StreamType.BookTicker;

    /// <summary>The route's name for logs and events (<c>public</c>, <c>market</c>; <c>stream</c> for a market's one connection).</summary>
    public string Name => Route == WsRoute.None ? SingleName : Route.ToString().ToLowerInvariant();

    /// <summary>The combined-stream URL <c>{base}/stream?streams=a/b</c>, or <see cref="BaseUrl"/> itself when <see cref="UrlIsBase"/>.</summary>
    public Uri Url
    {
        get
        {
            if (UrlIsBase)
            {
                return BaseUrl;
            }

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

/// <summary>A text message a connection sends every <paramref name="Interval"/> to stay alive (Bybit: <c>{"op":"ping"}</c> every 20 s).</summary>
/// <param name="Text">The message.</param>
/// <param name="Interval">Time between two pings; the first is sent one interval after connecting.</param>
public sealed record ApplicationPing(string Text, TimeSpan Interval);
