using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>Faults, truth and determinism per market.</summary>
public class MarketFaultTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task AddingCoinMAndSpotSymbols_LeavesTheUsdMEventsOfTheSameSeedUnchanged()
    {
        using var plain = new TempDir();
        using var mixed = new TempDir();
        await RunAsync(Sim.Options(rate: 300, clockSpeed: 10) with { TruthDirectory = plain.Path });
        await RunAsync(Sim.Options(rate: 300, clockSpeed: 10) with
        {
            TruthDirectory = mixed.Path, CoinMSymbols = ["BTCUSD_PERP", "ETHUSD_PERP"], SpotSymbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"],
        });

        foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT" })
        {
            foreach (var file in new[] { "aggTrade.jsonl", "trade.jsonl", "depth@0ms.jsonl", "depth@100ms.jsonl", "depth@250ms.jsonl", "bookTicker.jsonl", "markPrice.jsonl", "forceOrder.jsonl" })
            {
                var a = File.ReadAllLines(Path.Combine(plain.Path, symbol, file));
                var b = File.ReadAllLines(Path.Combine(mixed.Path, symbol, file));
                var common = Math.Min(a.Length, b.Length);
                Assert.That(common, Is.GreaterThan(2), $"{symbol}/{file}");
                Assert.That(b.Take(common), Is.EqualTo(a.Take(common)), $"{symbol}/{file}");
            }
        }

        // The spot BTCUSDT of the same seed is a market of its own, in its own folder.
        var spot = File.ReadAllLines(Path.Combine(mixed.Path, "spot", "BTCUSDT", "aggTrade.jsonl"));
        Assert.That(spot, Is.Not.Empty);
        Assert.That(spot[0], Does.Contain("\"M\":true"));
        Assert.That(File.Exists(Path.Combine(mixed.Path, "cm", "BTCUSD_PERP", "markPrice.jsonl")), Is.True);
        Assert.That(File.Exists(Path.Combine(mixed.Path, "spot", "BTCUSDT", "markPrice.jsonl")), Is.False, "spot has no markPrice");
        Assert.That(File.Exists(Path.Combine(mixed.Path, "spot", "BTCUSDT", "depth@1000ms.jsonl")), Is.True);
    }

    [Test]
    public async Task SameSeed_SameCoinMAndSpotEvents()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        await RunAsync(Combined.AllMarkets(rate: 300, clockSpeed: 10) with { TruthDirectory = a.Path });
        await RunAsync(Combined.AllMarkets(rate: 300, clockSpeed: 10) with { TruthDirectory = b.Path });
        foreach (var file in new[] { Path.Combine("cm", "BTCUSD_PERP", "depth@100ms.jsonl"), Path.Combine("spot", "BTCUSDT", "depth@100ms.jsonl"), Path.Combine("spot", "BTCUSDT", "trade.jsonl") })
        {
            var x = File.ReadAllLines(Path.Combine(a.Path, file));
            var y = File.ReadAllLines(Path.Combine(b.Path, file));
            var common = Math.Min(x.Length, y.Length);
            Assert.That(common, Is.GreaterThan(2), file);
            Assert.That(x.Take(common), Is.EqualTo(y.Take(common)), file);
        }
    }

    [TestCase("spot", "btcusdt@aggTrade")]
    [TestCase("cm", "btcusd_perp@aggTrade")]
    public async Task DropStallMalformed_ActOnTheirMarketOnly(string market, string stream)
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300));
        using var http = RestApi.Client(exchange);
        var ws = market == "spot" ? exchange.SpotWsUrl : exchange.CoinMWsUrl;
        await using var victim = await TestClient.ConnectAsync(Sim.Ws(ws, $"/stream?streams={stream}"));
        await using var bystander = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/stream?streams=btcusdt@aggTrade"));
        await Eventually.WaitAsync(() => victim.Events("aggTrade").Count > 3 && bystander.Events("aggTrade").Count > 3, "both receive");

        using (var malformed = await http.PostAsync(new Uri($"/admin/malformed?market={market}", UriKind.Relative), null))
        {
            Assert.That(await malformed.Content.ReadAsStringAsync(), Does.Contain("\"connections\":1"));
        }

        await victim.WaitForAsync(m => TestClient.Parse(m) is null, "the malformed frame");
        Assert.That(bystander.Messages.All(m => TestClient.Parse(m) is not null), Is.True);

        using (var wrongRoute = await http.PostAsync(new Uri($"/admin/drop?market={market}&route=public", UriKind.Relative), null))
        {
            Assert.That((int)wrongRoute.StatusCode, Is.EqualTo(400), "public is a USD-M route");
        }

        using (var drop = await http.PostAsync(new Uri($"/admin/drop?market={market}&symbol={stream.Split('@')[0]}", UriKind.Relative), null))
        {
            Assert.That(await drop.Content.ReadAsStringAsync(), Does.Contain("\"connections\":1"));
        }

        await victim.WaitEndedAsync("the victim is cut");
        Assert.That(victim.CloseStatus, Is.Null, "aborted, no close frame");
        var seen = bystander.Count;
        await bystander.WaitForCountAsync(seen + 3, "the USD-M connection keeps receiving");
        Assert.That(exchange.DropConnections(market: market == "spot" ? SimMarket.Spot : SimMarket.CoinM), Is.Zero);
    }

    [Test]
    public async Task CloseAtLifetimeAndByFault_WorkOnSpotAndCoinM()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets() with { ConnectionLifetime = TimeSpan.FromMilliseconds(600) });
        await using var spot = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/ws/btcusdt@aggTrade"));
        await using var cm = await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/ws/btcusd_perp@aggTrade"));
        await spot.WaitEndedAsync("spot lifetime");
        await cm.WaitEndedAsync("COIN-M lifetime");
        Assert.That((spot.CloseStatus, cm.CloseStatus), Is.EqualTo((System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, System.Net.WebSockets.WebSocketCloseStatus.NormalClosure)));
    }

    [Test]
    public async Task StallAndPauseTrades_PerMarket()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 400, clockSpeed: 5));
        await using var spot = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/ws/btcusdt@aggTrade"));
        await spot.WaitForEventsAsync("aggTrade", 5);
        Assert.That(exchange.StallConnections(TimeSpan.FromSeconds(1), symbol: "BTCUSDT", market: SimMarket.Spot), Is.EqualTo(1));
        Assert.That(exchange.StallConnections(TimeSpan.FromSeconds(1), symbol: "BTCUSDT"), Is.Zero, "no USD-M connection");
        var before = spot.Events("aggTrade").Count;
        await spot.WaitForEventsAsync("aggTrade", before + 5, TimeSpan.FromSeconds(10));
        var ids = spot.Events("aggTrade").Select(e => e.GetProperty("a").GetInt64()).ToList();
        Assert.That(ids.Zip(ids.Skip(1)).Any(p => p.Second > p.First + 1), Is.True, "what was published during the stall is lost");

        exchange.PauseTrades("BTCUSDT", SimMarket.Spot);
        Assert.That(exchange.GetSymbolStats("BTCUSDT", SimMarket.Spot).TradesPaused, Is.True);
        Assert.That(exchange.GetSymbolStats("BTCUSDT").TradesPaused, Is.False);
        Assert.Throws<ArgumentException>(() => exchange.InjectDepthGap("BTCUSD_PERP"), "BTCUSD_PERP is not a USD-M symbol");
        exchange.InjectDepthGap("BTCUSD_PERP", SimMarket.CoinM);
    }

    private static async Task RunAsync(SimulatorOptions options)
    {
        await using var exchange = await Sim.StartAsync(options with { Seed = 7, StartTime = Start, BurstMultiplier = 4 });
        await Eventually.WaitAsync(() => exchange.ExchangeTime >= Start.AddSeconds(5), "5 exchange seconds");
        exchange.Pause();
        _ = JsonSerializer.Serialize(exchange.GetStats());
    }
}
