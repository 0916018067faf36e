namespace Streamer.Core.Configuration;

/// <summary>Points a configuration at another exchange, such as the built-in simulator.</summary>
public static class ExchangeEndpoints
{
    /// <summary>
    /// Returns <paramref name="config"/> with REST at <paramref name="httpBase"/> and the two WebSocket
    /// routes at <c>ws://host:port/public</c> and <c>/market</c> of the same host.
    /// </summary>
    public static StreamerConfig PointAt(StreamerConfig config, Uri httpBase)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(httpBase);
        var ws = new UriBuilder(httpBase) { Scheme = httpBase.Scheme == "https" ? "wss" : "ws", Path = "" };
        return config with
        {
            Network = config.Network with
            {
                RestUrl = httpBase,
                PublicWsUrl = new Uri(ws.Uri, "public"),
                MarketWsUrl = new Uri(ws.Uri, "market"),
            },
        };
    }
}
