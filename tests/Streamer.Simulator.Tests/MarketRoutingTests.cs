using System.Net.WebSockets;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>/cm and /spot: one route per market, wrong route or missing stream = ACK and silence, spot's connection rules.</summary>
public class MarketRoutingTests
{
    [Test]
    public async Task WrongRouteOrMissingStream_IsAcknowledgedAndSilent()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 400, clockSpeed: 5));
        // A spot or COIN-M stream on a USD-M route, a USD-M stream on /cm, streams spot does not have.
        await using var spotOnMarket = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusd_perp@aggTrade"));
        await using var cmOnPublic = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusd_perp@depth@100ms/btcusd_perp@bookTicker"));
        await using var usdmOnCm = await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/ws/ethusdt@aggTrade/ethusdt@depth@100ms"));
        await using var spotMissing = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/ws"));
        await spotMissing.SendAsync("""{"method":"SUBSCRIBE","params":["btcusdt@markPrice","btcusdt@markPrice@1s","btcusdt@forceOrder","btcusdt@depth@0ms","!forceOrder@arr"],"id":3}""");
        await spotMissing.WaitForAsync(m => m == """{"result":null,"id":3}""", "SUBSCRIBE ack");
        await using var cmMissing = await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/ws"));
        await cmMissing.SendAsync("""{"method":"SUBSCRIBE","params":["btcusd_perp@trade","btcusd_perp@depth@0ms"],"id":4}""");
        await cmMissing.WaitForAsync(m => m == """{"result":null,"id":4}""", "SUBSCRIBE ack");
        await spotMissing.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":5}""");
        await spotMissing.WaitForAsync(m => m.Contains("\"id\":5", StringComparison.Ordinal) && m.Contains("btcusdt@markPrice", StringComparison.Ordinal), "listed");

        // Controls: data flows on the right routes meanwhile.
        await using var spot = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/ws/btcusdt@aggTrade/btcusdt@bookTicker"));
        await using var cm = await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/ws/btcusd_perp@aggTrade/btcusd_perp@markPrice@1s"));
        await Eventually.WaitAsync(() => spot.Events("aggTrade").Count >= 20 && cm.Events("aggTrade").Count >= 20 && cm.Events("markPriceUpdate").Count >= 3,
            "controls receive data");

        Assert.That(spotOnMarket.Count + cmOnPublic.Count + usdmOnCm.Count, Is.Zero, "wrong routes get nothing");
        Assert.That(spotMissing.Count, Is.EqualTo(2), "spot has no markPrice, forceOrder or @0ms: only the two answers");
        Assert.That(cmMissing.Count, Is.EqualTo(1), "COIN-M has no @trade or @0ms");
        Assert.That(spot.Messages.Any(m => m.StartsWith("{\"u\":", StringComparison.Ordinal)), Is.True, "raw spot bookTicker is the bare object");
        Assert.That(exchange.GetStats().Connections["spot"], Is.EqualTo(2));
        Assert.That(exchange.GetStats().Connections["cm"], Is.EqualTo(3));
    }

    [Test]
    public async Task SpotAndUsdMBtcusdt_AreIndependentMarkets()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300, clockSpeed: 5));
        await using var spot = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/stream?streams=btcusdt@aggTrade"));
        await using var usdm = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/stream?streams=btcusdt@aggTrade"));
        await Eventually.WaitAsync(() => spot.Events("aggTrade").Count >= 5 && usdm.Events("aggTrade").Count >= 5, "both markets trade");
        Assert.That(spot.Events("aggTrade")[0].GetProperty("p").GetString(), Does.Match(@"\.\d{8}$"));
        Assert.That(usdm.Events("aggTrade")[0].GetProperty("p").GetString(), Does.Match(@"^\d+\.\d{2}$"));
        Assert.That(exchange.GetSymbolStats("BTCUSDT", SimMarket.Spot).LastAggTradeId, Is.Not.EqualTo(exchange.GetSymbolStats("BTCUSDT").LastAggTradeId));
        Assert.That(exchange.GetStats().SpotSymbols.Keys, Is.EqualTo(new[] { "BTCUSDT" }));
        Assert.That(exchange.GetStats().CoinMSymbols.Keys, Is.EqualTo(new[] { "BTCUSD_PERP" }));
    }

    [Test]
    public async Task Spot_SixthMessageWithinASecond_Closes1008_WhileCoinMAllowsTen()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets());
        await using var spot = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/ws"));
        await using var cm = await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/ws"));
        for (var i = 1; i <= 6; i++)
        {
            await spot.SendAsync($$"""{"method":"LIST_SUBSCRIPTIONS","id":{{i}}}""");
        }

        for (var i = 1; i <= 6; i++)
        {
            await cm.SendAsync($$"""{"method":"LIST_SUBSCRIPTIONS","id":{{i}}}""");
        }

        await spot.WaitEndedAsync("spot closes the connection");
        Assert.That(spot.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        await cm.WaitForCountAsync(6, "COIN-M answers all six");
        Assert.That(cm.Ended, Is.False);
    }

    [Test]
    public async Task SpotPings_FollowTheSpotOptions()
    {
        var options = Combined.AllMarkets() with { SpotPingInterval = TimeSpan.FromMilliseconds(300), SpotPongTimeout = TimeSpan.FromSeconds(1.5) };
        await using var exchange = await Sim.StartAsync(options);
        await using var silentSpot = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/ws"), read: false);
        await using var silentUsdM = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws"), read: false);
        await Eventually.WaitAsync(() => exchange.GetStats().Connections["spot"] == 1 && exchange.GetStats().Connections["market"] == 1, "both connected");
        await Eventually.WaitAsync(() => exchange.GetStats().Connections["spot"] == 0, "the silent spot client is dropped");
        Assert.That(exchange.GetStats().Connections["market"], Is.EqualTo(1), "USD-M keeps its own 10 minute pong timeout");
    }

    [Test]
    public async Task CoinM_MoreThan200StreamsInTheUrl_IsRefused()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets());
        var names = string.Join('/', Enumerable.Range(0, 201).Select(i => $"x{i}usd_perp@aggTrade"));
        var error = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/ws/" + names)));
        Assert.That(error, Is.Not.Null);
        await using var ok = await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/ws/" + string.Join('/', Enumerable.Range(0, 200).Select(i => $"x{i}usd_perp@aggTrade"))));
        Assert.That(ok.State, Is.EqualTo(WebSocketState.Open));
    }
}
