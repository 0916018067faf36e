using System.Net.WebSockets;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class KeepAliveTests
{
    [Test]
    public async Task ClientThatNeverAnswersPings_IsDropped_WhileOneThatReadsStays()
    {
        var options = Sim.Options() with { PingInterval = TimeSpan.FromMilliseconds(300), PongTimeout = TimeSpan.FromSeconds(1.5) };
        await using var exchange = await Sim.StartAsync(options);
        // No subscriptions, so the only traffic is the server's pings.
        await using var silent = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws"), read: false);
        await using var polite = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws"));
        await Eventually.WaitAsync(() => exchange.GetStats().Connections["market"] == 1 && exchange.GetStats().Connections["public"] == 1, "both connected");

        await Eventually.WaitAsync(() => exchange.GetStats().Connections["market"] == 0, "the silent client is dropped");
        Assert.That(exchange.GetStats().Connections["public"], Is.EqualTo(1), "the reading client answered every ping");
        Assert.That(polite.Ended, Is.False);
    }

    [Test]
    public async Task ConnectionLifetime_EndsWithACloseFrame()
    {
        var options = Sim.Options() with { ConnectionLifetime = TimeSpan.FromMilliseconds(500) };
        await using var exchange = await Sim.StartAsync(options);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await client.WaitEndedAsync("the server closes at the end of the lifetime");
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        Assert.That(client.Events("aggTrade"), Is.Not.Empty, "data flowed until then");
        await Eventually.WaitAsync(() => exchange.GetStats().Connections["market"] == 0, "server forgot the connection");
    }
}
