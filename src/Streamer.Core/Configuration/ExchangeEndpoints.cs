using Streamer.Core.Exchanges;

namespace Streamer.Core.Configuration;

/// <summary>Points a configuration at another exchange, such as the built-in simulator.</summary>
public static class ExchangeEndpoints
{
    /// <summary>
    /// Returns <paramref name="config"/> with REST at <paramref name="httpBase"/> and the two WebSocket
    /// routes at <c>ws://host:port/public</c> and <c>/market</c> of the same host; the other markets, which the
    /// simulator serves on the same port, at the same REST base (their API paths differ) and WebSockets under
    /// <see cref="SimulatorWsPrefix"/>.
    /// </summary>
    public static StreamerConfig PointAt(StreamerConfig config, Uri httpBase)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(httpBase);
        var ws = new UriBuilder(httpBase) { Scheme = httpBase.Scheme == "https" ? "wss" : "ws", Path = "" };
        var network = config.Network with
        {
            RestUrl = httpBase,
            PublicWsUrl = new Uri(ws.Uri, "public"),
            MarketWsUrl = new Uri(ws.Uri, "market"),
        };
        foreach (var exchange in NetworkConfig.OtherMarkets)
        {
            network = network.WithMarket(exchange, network.MarketOf(exchange) with { RestUrl = httpBase, WsUrl = new Uri(ws.Uri, SimulatorWsPrefix(exchange)) });
        }

        return config with { Network = network };
    }

    /// <summary>The path under which the simulated exchange serves a market's WebSockets (<c>cm</c>, <c>spot</c>, Bybit's own <c>v5/public/linear</c>), as the exchanges serve them on their own hosts.</summary>
    public static string SimulatorWsPrefix(string exchange) => exchange switch
    {
        ExchangeIds.BinanceCoinM => "cm",
        ExchangeIds.BinanceSpot => "spot",
        ExchangeIds.BybitLinear => "v5/public/linear",
        _ => throw new ArgumentException($"the simulator serves no market '{exchange}'", nameof(exchange)),
    };
}
