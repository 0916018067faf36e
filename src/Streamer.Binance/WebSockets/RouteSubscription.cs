using Streamer.Core.Streams;

namespace Streamer.Binance.WebSockets;

/// <summary>
/// The streams of one symbol carried by one Binance route (DESIGN section 2): depth and bookTicker on
/// <c>/public</c>, the others on <c>/market</c>. A stream sent to the wrong route gets no data at all, so
/// the route of every stream comes from <see cref="StreamCatalog"/>.
/// </summary>
/// <param name="Route">The route.</param>
/// <param name="BaseUrl">The route's base URL (network.public_ws_url or network.market_ws_url).</param>
/// <param name="Symbol">Upper-case symbol.</param>
/// <param name="Streams">Streams subscribed on this route.</param>
/// <param name="DepthSpeed">Depth stream speed suffix (network.depth_speed).</param>
public sealed record RouteSubscription(WsRoute Route, Uri BaseUrl, string Symbol, IReadOnlyList<StreamInfo> Streams, string DepthSpeed)
{
    /// <summary>Streams that trade or quote continuously: long silence on them means the connection is dead.</summary>
    public static bool IsBusy(StreamType stream) => stream is StreamType.AggTrade or StreamType.Depth or StreamType.BookTicker;

    /// <summary>The route's name for logs and events (<c>public</c>, <c>market</c>).</summary>
    public string Name => Route.ToString().ToLowerInvariant();

    /// <summary>The combined-stream URL <c>{base}/stream?streams=a/b</c>.</summary>
    public Uri Url
    {
        get
        {
            var names = Streams.Select(s => StreamCatalog.BinanceStreamName(s, Symbol, DepthSpeed));
            return new Uri(BaseUrl.AbsoluteUri.TrimEnd('/') + "/stream?streams=" + string.Join('/', names));
        }
    }

    /// <summary>The routes needed for <paramref name="streams"/> of <paramref name="symbol"/>; routes without a stream are left out.</summary>
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
}
