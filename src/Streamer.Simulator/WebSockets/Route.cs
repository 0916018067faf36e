namespace Streamer.Simulator.WebSockets;

/// <summary>
/// The WebSocket route a connection came in on. Since 2026-04 Binance serves depth and bookTicker
/// only on <c>/public</c> and trades, klines, mark price and liquidations only on <c>/market</c>;
/// the old <c>/ws</c> and <c>/stream</c> paths still accept connections but deliver nothing.
/// COIN-M (<c>/cm</c>, Binance's dstream host) and spot (<c>/spot</c>, Binance's stream host) have one
/// route each that carries every stream of that market.
/// </summary>
internal enum Route
{
    Public,
    Market,
    Legacy,
    CoinM,
    Spot,
}

internal static class Routes
{
    public static string Name(Route route) => route switch
    {
        Route.Public => "public",
        Route.Market => "market",
        Route.CoinM => "cm",
        Route.Spot => "spot",
        _ => "legacy",
    };

    /// <summary>The market whose streams a route carries.</summary>
    public static SimMarket MarketOf(Route route) => route switch
    {
        Route.CoinM => SimMarket.CoinM,
        Route.Spot => SimMarket.Spot,
        _ => SimMarket.UsdM,
    };

    /// <summary>Every route of a market (USD-M has public, market and the legacy paths).</summary>
    public static IReadOnlyList<Route> Of(SimMarket market) => market switch
    {
        SimMarket.CoinM => [Route.CoinM],
        SimMarket.Spot => [Route.Spot],
        _ => [Route.Public, Route.Market, Route.Legacy],
    };

    public static bool TryParse(string? text, out Route route)
    {
        switch (text?.ToUpperInvariant())
        {
            case "PUBLIC":
                route = Route.Public;
                return true;
            case "MARKET":
                route = Route.Market;
                return true;
            case "LEGACY":
                route = Route.Legacy;
                return true;
            case "CM":
                route = Route.CoinM;
                return true;
            case "SPOT":
                route = Route.Spot;
                return true;
            default:
                route = Route.Legacy;
                return false;
        }
    }

    /// <summary>
    /// Parses a WebSocket request path: <c>/{public|market|cm|spot}/ws[/s1/s2]</c>,
    /// <c>/{public|market|cm|spot}/stream</c>, or the legacy <c>/ws...</c> and <c>/stream</c>.
    /// </summary>
    public static bool TryParsePath(string path, out Route route, out bool combined, out string rawStreams)
    {
        route = Route.Legacy;
        combined = false;
        rawStreams = "";
        var rest = path;
        if (rest.StartsWith("/public/", StringComparison.Ordinal))
        {
            route = Route.Public;
            rest = rest["/public".Length..];
        }
        else if (rest.StartsWith("/market/", StringComparison.Ordinal))
        {
            route = Route.Market;
            rest = rest["/market".Length..];
        }
        else if (rest.StartsWith("/cm/", StringComparison.Ordinal))
        {
            route = Route.CoinM;
            rest = rest["/cm".Length..];
        }
        else if (rest.StartsWith("/spot/", StringComparison.Ordinal))
        {
            route = Route.Spot;
            rest = rest["/spot".Length..];
        }

        if (rest is "/stream" or "/stream/")
        {
            combined = true;
            return true;
        }

        if (rest is "/ws" or "/ws/")
        {
            return true;
        }

        if (rest.StartsWith("/ws/", StringComparison.Ordinal))
        {
            rawStreams = rest["/ws/".Length..];
            return true;
        }

        return false;
    }
}
