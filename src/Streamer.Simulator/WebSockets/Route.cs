namespace Streamer.Simulator.WebSockets;

/// <summary>
/// The WebSocket route a connection came in on. Since 2026-04 Binance serves depth and bookTicker
/// only on <c>/public</c> and trades, klines, mark price and liquidations only on <c>/market</c>;
/// the old <c>/ws</c> and <c>/stream</c> paths still accept connections but deliver nothing.
/// </summary>
internal enum Route
{
    Public,
    Market,
    Legacy,
}

internal static class Routes
{
    public static string Name(Route route) => route switch
    {
        Route.Public => "public",
        Route.Market => "market",
        _ => "legacy",
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
            default:
                route = Route.Legacy;
                return false;
        }
    }

    /// <summary>
    /// Parses a WebSocket request path: <c>/{public|market}/ws[/s1/s2]</c>,
    /// <c>/{public|market}/stream</c>, or the legacy <c>/ws...</c> and <c>/stream</c>.
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
