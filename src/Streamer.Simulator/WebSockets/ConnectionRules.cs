namespace Streamer.Simulator.WebSockets;

/// <summary>
/// The limits one route's connections live by. USD-M and COIN-M futures: ping every 3 min, pong
/// within 10 min, 10 client messages per second; at most 1024 streams (USD-M) or 200 (COIN-M). Spot:
/// ping every 20 s, pong within 60 s, 5 client messages per second, 1024 streams. All live 24 h.
/// </summary>
internal sealed record ConnectionRules(
    TimeSpan PingInterval, TimeSpan PongTimeout, TimeSpan Lifetime, int MaxIncomingMessagesPerSecond, int MaxStreams)
{
    public static ConnectionRules For(Route route, SimulatorOptions o) => route switch
    {
        Route.Spot => new(o.SpotPingInterval, o.SpotPongTimeout, o.ConnectionLifetime, o.SpotMaxIncomingMessagesPerSecond, o.SpotMaxStreamsPerConnection),
        Route.CoinM => new(o.PingInterval, o.PongTimeout, o.ConnectionLifetime, o.MaxIncomingMessagesPerSecond, o.CoinMMaxStreamsPerConnection),
        _ => new(o.PingInterval, o.PongTimeout, o.ConnectionLifetime, o.MaxIncomingMessagesPerSecond, o.MaxStreamsPerConnection),
    };
}
