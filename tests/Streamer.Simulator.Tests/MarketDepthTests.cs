using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>
/// COIN-M chains on pu like USD-M; spot ids are consecutive (U == prev u + 1) and sync by spot's own rule.
/// Books rebuilt from snapshot + diffs equal the book rebuilt from the simulator's every-change truth.
/// </summary>
public class MarketDepthTests
{
    [TestCase("btcusd_perp@depth@100ms")]
    [TestCase("btcusd_perp@depth")]
    [TestCase("btcusd_perp@depth@500ms")]
    public async Task CoinM_PuChains_SnapshotSyncs_AndTheBookEqualsTheTruth(string stream) =>
        await SyncAndCompareAsync(SimMarket.CoinM, "BTCUSD_PERP", stream, "/dapi/v1/depth?symbol=BTCUSD_PERP&limit=1000");

    [TestCase("btcusdt@depth@100ms")]
    [TestCase("btcusdt@depth")]
    public async Task Spot_IdsAreConsecutive_SnapshotSyncsBySpotRule_AndTheBookEqualsTheTruth(string stream) =>
        await SyncAndCompareAsync(SimMarket.Spot, "BTCUSDT", stream, "/api/v3/depth?symbol=BTCUSDT&limit=1000");

    [TestCase(SimMarket.CoinM, "btcusd_perp@depth@100ms")]
    [TestCase(SimMarket.Spot, "btcusdt@depth@100ms")]
    [TestCase(SimMarket.Spot, "btcusdt@depth")]
    public async Task InjectedGap_BreaksTheChainOfThatMarketOnce(SimMarket market, string stream)
    {
        using var truth = new TempDir();
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300, clockSpeed: 5) with { TruthDirectory = truth.Path });
        var ws = market == SimMarket.Spot ? exchange.SpotWsUrl : exchange.CoinMWsUrl;
        await using var client = await TestClient.ConnectAsync(Sim.Ws(ws, $"/stream?streams={stream}"));
        await using var usdm = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@depth@100ms"));
        await Eventually.WaitAsync(() => client.Data(stream).Count >= 5, "depth events before the gap");
        exchange.InjectDepthGap(stream.Split('@')[0], market);
        var before = client.Data(stream).Count;
        await Eventually.WaitAsync(() => client.Data(stream).Count >= before + 5, "depth events after the gap");

        var events = client.Data(stream);
        var breaks = events.Zip(events.Skip(1)).Count(p => !Chains(market, p.First, p.Second));
        Assert.That(breaks, Is.EqualTo(1), "the chain breaks exactly once");
        var usdmEvents = usdm.Events("depthUpdate");
        Assert.That(usdmEvents.Zip(usdmEvents.Skip(1)).All(p => p.Second.GetProperty("pu").GetInt64() == p.First.GetProperty("u").GetInt64()), Is.True,
            "the USD-M symbol of the same name is not affected");

        exchange.Pause();
        var folder = exchange.TruthFolder(stream.Split('@')[0].ToUpperInvariant(), market)!;
        var withheld = File.ReadAllLines(Path.Combine(folder, "depth-withheld.jsonl"));
        Assert.That(withheld.Any(l => l.Contains($"\"stream\":\"{stream}\"", StringComparison.Ordinal)), Is.True, "the withheld event is kept");
    }

    [Test]
    public async Task SpotSnapshot_RejectsFuturesRule_LastUpdateIdIsTheLastChange()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300, clockSpeed: 5));
        using var http = RestApi.Client(exchange);
        await Eventually.WaitAsync(() => exchange.GetSymbolStats("BTCUSDT", SimMarket.Spot).Transactions > 10, "spot transactions");
        exchange.Pause();
        var snapshot = await http.GetJsonAsync("/api/v3/depth?symbol=BTCUSDT&limit=5000");
        Assert.That(snapshot.Names(), Is.EqualTo(new[] { "lastUpdateId", "bids", "asks" }), "spot: no E, no T");
        Assert.That(snapshot.GetProperty("lastUpdateId").GetInt64(), Is.EqualTo(exchange.GetSymbolStats("BTCUSDT", SimMarket.Spot).LastUpdateId));
        Assert.That(snapshot.GetProperty("bids").GetArrayLength(), Is.GreaterThan(1000), "spot limits go beyond 1000");
        var cm = await http.GetJsonAsync("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=1000");
        Assert.That(cm.Names(), Is.EqualTo(new[] { "lastUpdateId", "symbol", "pair", "E", "T", "bids", "asks" }));
        Assert.That(cm.GetProperty("lastUpdateId").GetInt64(), Is.EqualTo(exchange.GetSymbolStats("BTCUSD_PERP", SimMarket.CoinM).LastUpdateId));
    }

    private static bool Chains(SimMarket market, JsonElement previous, JsonElement next) => market == SimMarket.Spot
        ? next.GetProperty("U").GetInt64() == previous.GetProperty("u").GetInt64() + 1
        : next.GetProperty("pu").GetInt64() == previous.GetProperty("u").GetInt64();

    private static async Task SyncAndCompareAsync(SimMarket market, string symbol, string stream, string snapshotPath)
    {
        using var truth = new TempDir();
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300, clockSpeed: 5) with { TruthDirectory = truth.Path });
        using var http = RestApi.Client(exchange);
        var ws = market == SimMarket.Spot ? exchange.SpotWsUrl : exchange.CoinMWsUrl;
        await using var client = await TestClient.ConnectAsync(Sim.Ws(ws, $"/stream?streams={stream}"));
        await Eventually.WaitAsync(() => client.Data(stream).Count >= 2, "buffered depth events before the snapshot");

        var snapshot = await http.GetJsonAsync(snapshotPath);
        Assert.That(snapshot.GetProperty("bids").GetArrayLength(), Is.EqualTo(1000));
        var lastUpdateId = snapshot.GetProperty("lastUpdateId").GetInt64();
        await Eventually.WaitAsync(() => client.Data(stream).Count(u => u.GetProperty("u").GetInt64() > lastUpdateId) >= 8, "8 events after the snapshot",
            TimeSpan.FromSeconds(20));
        exchange.Pause();

        var events = client.Data(stream);
        Assert.That(events.Zip(events.Skip(1)).All(p => Chains(market, p.First, p.Second)), Is.True,
            market == SimMarket.Spot ? "spot: every U is the previous u + 1" : "COIN-M: every pu is the previous u");
        if (market != SimMarket.Spot)
        {
            Assert.That(events.Zip(events.Skip(1)).Count(p => p.Second.GetProperty("U").GetInt64() == p.First.GetProperty("u").GetInt64() + 1),
                Is.LessThan(events.Count / 2), "COIN-M ids jump: only pu chains");
        }

        var book = new LocalBook(spot: market == SimMarket.Spot);
        book.Seed(snapshot);
        foreach (var update in events)
        {
            Assert.That(book.Apply(update), Is.True, $"{stream} at U={update.GetProperty("U")} (snapshot {lastUpdateId})");
            Assert.That(book.Crossed, Is.False, "book crossed");
        }

        Assert.That(book.Synced, Is.True);
        Assert.That(book.Applied, Is.GreaterThanOrEqualTo(8));

        // The true book: the same snapshot, then every change of the every-change truth up to the book's last u.
        var trueBook = new LocalBook();
        trueBook.Seed(snapshot);
        var changes = File.ReadAllLines(Path.Combine(exchange.TruthFolder(symbol, market)!, "depth@0ms.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        if (market == SimMarket.Spot)
        {
            Assert.That(changes.Zip(changes.Skip(1)).All(p => p.Second.GetProperty("U").GetInt64() == p.First.GetProperty("u").GetInt64() + 1), Is.True,
                "every-change truth: consecutive ids");
        }

        foreach (var change in changes.Where(c => c.GetProperty("u").GetInt64() > lastUpdateId && c.GetProperty("u").GetInt64() <= book.LastUpdateId))
        {
            trueBook.Force(change);
        }

        // The top 500 levels: deeper ones may differ only by levels the 1000-level snapshot did not carry.
        Assert.That(trueBook.LastUpdateId, Is.EqualTo(book.LastUpdateId));
        Assert.That(book.Bids.Take(500), Is.EqualTo(trueBook.Bids.Take(500)), "bids equal the true book");
        Assert.That(book.Asks.Take(500), Is.EqualTo(trueBook.Asks.Take(500)), "asks equal the true book");
    }
}
