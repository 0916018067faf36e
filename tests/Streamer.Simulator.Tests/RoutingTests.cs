using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class RoutingTests
{
    [Test]
    public async Task PublicRawRoute_DeliversDepthAndBookTicker_AsBareDataObjects()
    {
        await using var exchange = await Sim.StartAsync();
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@depth@0ms/btcusdt@bookTicker"));

        await client.WaitForEventsAsync("depthUpdate", 3);
        await client.WaitForEventsAsync("bookTicker", 3);
        var first = TestClient.Parse(client.Messages[0])!.Value;
        Assert.That(first.TryGetProperty("stream", out _), Is.False, "raw form sends the data object alone");
    }

    [Test]
    public async Task MarketCombinedRoute_WrapsMessagesWithTheirStreamName()
    {
        await using var exchange = await Sim.StartAsync();
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/stream?streams=btcusdt@aggTrade/ethusdt@trade"));

        await client.WaitForEventsAsync("aggTrade", 2);
        await client.WaitForEventsAsync("trade", 2);
        foreach (var message in client.Messages.Select(m => TestClient.Parse(m)!.Value))
        {
            var stream = message.GetProperty("stream").GetString();
            var data = message.GetProperty("data");
            var expected = data.GetProperty("e").GetString() == "aggTrade" ? "btcusdt@aggTrade" : "ethusdt@trade";
            Assert.That(stream, Is.EqualTo(expected));
            Assert.That(data.GetProperty("s").GetString(), Is.EqualTo(expected.StartsWith("btc", StringComparison.Ordinal) ? "BTCUSDT" : "ETHUSDT"));
        }
    }

    [Test]
    public async Task StreamsOnTheWrongRoute_AreAcknowledgedAndNeverDelivered()
    {
        await using var exchange = await Sim.StartAsync(rate: 400);
        // Wrong route, URL-subscribed: the connection opens fine, then silence.
        await using var wrongUrl = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/stream?streams=btcusdt@aggTrade/btcusdt@kline_1m"));
        await using var wrongUrl2 = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@depth@100ms/btcusdt@bookTicker"));
        // Wrong route, live SUBSCRIBE: acknowledged with result null, then silence.
        await using var wrongLive = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws"));
        await wrongLive.SendAsync("""{"method":"SUBSCRIBE","params":["btcusdt@depth@0ms","btcusdt@bookTicker"],"id":7}""");
        await wrongLive.WaitForAsync(m => m == """{"result":null,"id":7}""", "SUBSCRIBE ack");

        // The control connection proves data was flowing all along on both routes.
        await using var market = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await using var publicRoute = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@depth@0ms"));
        await market.WaitForEventsAsync("aggTrade", 20);
        await publicRoute.WaitForEventsAsync("depthUpdate", 100);

        Assert.That(wrongUrl.Count, Is.Zero);
        Assert.That(wrongUrl2.Count, Is.Zero);
        Assert.That(wrongLive.Count, Is.EqualTo(1), "only the ACK");
        Assert.That(wrongUrl.State, Is.EqualTo(System.Net.WebSockets.WebSocketState.Open));
    }

    [Test]
    public async Task LegacyRoutes_AreAcknowledgedAndSilent()
    {
        await using var exchange = await Sim.StartAsync(rate: 400);
        var root = exchange.RestBaseUrl.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/');
        await using var raw = await TestClient.ConnectAsync(new Uri($"{root}/ws/btcusdt@aggTrade/btcusdt@depth@0ms"));
        await using var combined = await TestClient.ConnectAsync(new Uri($"{root}/stream?streams=btcusdt@aggTrade/btcusdt@bookTicker"));
        await combined.SendAsync("""{"method":"SUBSCRIBE","params":["ethusdt@aggTrade"],"id":1}""");
        await combined.WaitForAsync(m => m == """{"result":null,"id":1}""", "legacy SUBSCRIBE ack");

        await using var control = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await control.WaitForEventsAsync("aggTrade", 20);

        Assert.That(raw.Count, Is.Zero);
        Assert.That(combined.Count, Is.EqualTo(1));
        Assert.That(exchange.GetStats().Connections["legacy"], Is.EqualTo(2));
    }

    [Test]
    public async Task EveryStreamName_IsServedOnItsRoute()
    {
        await using var exchange = await Sim.StartAsync(rate: 300, clockSpeed: 20);
        await using var pub = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl,
            "/stream?streams=btcusdt@depth/btcusdt@depth@500ms/btcusdt@depth@100ms/btcusdt@depth@0ms/btcusdt@bookTicker"));
        await using var market = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl,
            "/stream?streams=btcusdt@aggTrade/btcusdt@trade/btcusdt@kline_1m/btcusdt@markPrice/btcusdt@markPrice@1s/btcusdt@forceOrder/!forceOrder@arr"));

        string[] publicStreams = ["btcusdt@depth", "btcusdt@depth@500ms", "btcusdt@depth@100ms", "btcusdt@depth@0ms", "btcusdt@bookTicker"];
        string[] marketStreams = ["btcusdt@aggTrade", "btcusdt@trade", "btcusdt@kline_1m", "btcusdt@markPrice", "btcusdt@markPrice@1s", "btcusdt@forceOrder", "!forceOrder@arr"];
        await Eventually.WaitAsync(() => publicStreams.All(s => StreamsOf(pub).Contains(s)), "every public stream", TimeSpan.FromSeconds(15));
        await Eventually.WaitAsync(() => marketStreams.All(s => StreamsOf(market).Contains(s)), "every market stream", TimeSpan.FromSeconds(15));
    }

    private static HashSet<string> StreamsOf(TestClient client) =>
        client.Messages.Select(m => TestClient.Parse(m)!.Value.GetProperty("stream").GetString()!).ToHashSet();
}
