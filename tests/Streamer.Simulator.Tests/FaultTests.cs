using System.Net.WebSockets;
using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class FaultTests
{
    [Test]
    public async Task Drop_AbortsOnlyMatchingConnections_ByRouteAndBySymbol()
    {
        await using var exchange = await Sim.StartAsync(rate: 300);
        using var http = RestApi.Client(exchange);
        await using var btcPublic = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@bookTicker"));
        await using var ethMarket = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/ethusdt@aggTrade"));
        await using var btcMarket = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));

        Assert.That(exchange.DropConnections(route: "market", symbol: "ETHUSDT"), Is.EqualTo(1));
        await ethMarket.WaitEndedAsync("ETH market connection dropped");
        Assert.That(ethMarket.CloseStatus, Is.Null, "an abort sends no close frame");

        using var response = await http.PostAsync(new Uri("/admin/drop?symbol=btcusdt", UriKind.Relative), null);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"ok":true,"connections":2}"""));
        await btcPublic.WaitEndedAsync("BTC public dropped");
        await btcMarket.WaitEndedAsync("BTC market dropped");
    }

    [TestCase("btcusdt@depth@0ms")]
    [TestCase("btcusdt@depth@100ms")]
    [TestCase("btcusdt@depth")]
    [TestCase("btcusdt@depth@500ms")]
    public async Task DepthGap_BreaksThePuChainOnce_AndIsRecordedAsWithheld(string stream)
    {
        using var truth = new TempDir();
        await using var exchange = await Sim.StartAsync(Sim.Options(rate: 300, clockSpeed: 10) with { TruthDirectory = truth.Path });
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, $"/ws/{stream}"));
        await client.WaitForEventsAsync("depthUpdate", 5);

        using var response = await http.PostAsync(new Uri("/admin/depth-gap?symbol=BTCUSDT", UriKind.Relative), null);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var before = client.Events("depthUpdate").Count;
        await Eventually.WaitAsync(() => client.Events("depthUpdate").Count >= before + 10, "events after the gap");

        var updates = client.Events("depthUpdate");
        var breaks = updates.Zip(updates.Skip(1)).Where(p => p.Second.GetProperty("pu").GetInt64() != p.First.GetProperty("u").GetInt64()).ToList();
        Assert.That(breaks, Has.Count.EqualTo(1));

        var withheldFile = Path.Combine(truth.Path, "BTCUSDT", "depth-withheld.jsonl");
        await Eventually.WaitAsync(
            () =>
            {
                exchange.FlushTruth();
                return File.ReadAllLines(withheldFile).Length == 4;
            },
            "one withheld event per speed");
        exchange.Pause();
        var withheld = File.ReadAllLines(withheldFile)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(withheld.Select(w => w.GetProperty("stream").GetString()),
            Is.EquivalentTo(new[] { "btcusdt@depth@0ms", "btcusdt@depth@100ms", "btcusdt@depth", "btcusdt@depth@500ms" }));
        var mine = withheld.Single(w => w.GetProperty("stream").GetString() == stream).GetProperty("data");
        Assert.That(mine.GetProperty("pu").GetInt64(), Is.EqualTo(breaks[0].First.GetProperty("u").GetInt64()), "withheld event follows the last one sent");
        Assert.That(breaks[0].Second.GetProperty("pu").GetInt64(), Is.EqualTo(mine.GetProperty("u").GetInt64()), "next one chains to the withheld event");
        var recorded = File.ReadAllLines(Path.Combine(truth.Path, "BTCUSDT", stream == "btcusdt@depth" ? "depth@250ms.jsonl" : stream[8..] + ".jsonl"));
        Assert.That(recorded, Has.None.EqualTo(mine.GetRawText()), "withheld events are not in the stream's truth");
    }

    [Test]
    public async Task Stall_SendsNothingForAWhile_AndWhatWasGeneratedMeanwhileIsLost()
    {
        await using var exchange = await Sim.StartAsync(rate: 500);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await client.WaitForEventsAsync("aggTrade", 10);

        Assert.That(exchange.StallConnections(TimeSpan.FromMilliseconds(700), route: "market"), Is.EqualTo(1));
        var stalledAt = DateTime.UtcNow;
        var idAtStall = exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId;
        var countAtStall = client.Events("aggTrade").Count;
        await Eventually.WaitAsync(() => client.Events("aggTrade").Any(e => e.GetProperty("a").GetInt64() > idAtStall + 20), "data after the stall");

        var resumedAfter = DateTime.UtcNow - stalledAt;
        Assert.That(resumedAfter, Is.GreaterThan(TimeSpan.FromMilliseconds(600)));
        var ids = client.Events("aggTrade").Select(e => e.GetProperty("a").GetInt64()).ToList();
        var jumps = ids.Zip(ids.Skip(1)).Where(p => p.Second != p.First + 1).ToList();
        Assert.That(jumps, Has.Count.EqualTo(1), "one hole: the stalled period");
        Assert.That(jumps[0].Second - jumps[0].First, Is.GreaterThan(10));
        Assert.That(ids.IndexOf(jumps[0].First), Is.GreaterThanOrEqualTo(countAtStall - 1));
    }

    [Test]
    public async Task MalformedFrame_IsDelivered_AndTheStreamContinues()
    {
        await using var exchange = await Sim.StartAsync(rate: 400);
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/stream?streams=btcusdt@aggTrade"));
        await client.WaitForEventsAsync("aggTrade", 3);
        using var response = await http.PostAsync(new Uri("/admin/malformed?route=market", UriKind.Relative), null);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"ok":true,"connections":1}"""));

        await client.WaitForAsync(m => TestClient.Parse(m) is null, "an invalid JSON frame");
        var index = client.Messages.ToList().FindIndex(m => TestClient.Parse(m) is null);
        await Eventually.WaitAsync(() => client.Count > index + 5, "valid data after it");
        Assert.That(client.State, Is.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task ForcedRestErrors_Answer429Or418WithRetryAfter_ForTheGivenTime()
    {
        await using var exchange = await Sim.StartAsync();
        using var http = RestApi.Client(exchange);
        exchange.FailRest(429, TimeSpan.FromSeconds(30));
        using var tooMany = await http.GetAsync(new Uri("/fapi/v1/time", UriKind.Relative));
        Assert.That((int)tooMany.StatusCode, Is.EqualTo(429));
        Assert.That(tooMany.Headers.GetValues("Retry-After").Single(), Is.EqualTo("30"));
        Assert.That(tooMany.Headers.Contains("X-MBX-USED-WEIGHT-1M"), Is.True);

        using var admin = await http.PostAsync(new Uri("/admin/rest-error?status=418&seconds=1", UriKind.Relative), null);
        Assert.That((int)admin.StatusCode, Is.EqualTo(200));
        using var banned = await http.GetAsync(new Uri("/fapi/v1/depth?symbol=BTCUSDT", UriKind.Relative));
        Assert.That((int)banned.StatusCode, Is.EqualTo(418));
        Assert.That(await banned.Content.ReadAsStringAsync(), Does.Contain("\"code\":-1003"));

        await Eventually.WaitAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri("/fapi/v1/ping", UriKind.Relative));
            return (int)response.StatusCode == 200;
        }, "REST recovers when the forced error expires");

        using var cleared = await http.PostAsync(new Uri("/admin/rest-error?status=429&seconds=0", UriKind.Relative), null);
        using var bad = await http.PostAsync(new Uri("/admin/rest-error?status=500&seconds=3", UriKind.Relative), null);
        Assert.That((int)bad.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task PauseTrades_StopsTradesButNotTheBook()
    {
        await using var exchange = await Sim.StartAsync(rate: 400);
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@depth@0ms"));
        using var paused = await http.PostAsync(new Uri("/admin/pause-trades?symbol=BTCUSDT", UriKind.Relative), null);
        Assert.That((int)paused.StatusCode, Is.EqualTo(200));
        var lastTrade = exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId;
        var ethTrade = exchange.GetStats().Symbols["ETHUSDT"].LastAggTradeId;
        var depthBefore = client.Count;

        await Eventually.WaitAsync(() => client.Count > depthBefore + 100 && exchange.GetStats().Symbols["ETHUSDT"].LastAggTradeId > ethTrade + 10, "book and other symbols keep moving");
        Assert.That(exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId, Is.EqualTo(lastTrade));
        Assert.That(exchange.GetStats().Symbols["BTCUSDT"].TradesPaused, Is.True);

        exchange.ResumeTrades("BTCUSDT");
        await Eventually.WaitAsync(() => exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId > lastTrade, "trades again");
    }

    [Test]
    public async Task RateFactor_ScalesTheTransactionRate_AndRejectsNonsense()
    {
        await using var exchange = await Sim.StartAsync(rate: 1000);
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@depth@0ms"));
        await client.WaitForEventsAsync("depthUpdate", 1);
        var fullFrom = exchange.ExchangeTime.ToUnixTimeMilliseconds();
        await client.WaitForAsync(m => TestClient.Parse(m) is { } e && e.GetProperty("E").GetInt64() > fullFrom + 1000, "a second at the full rate");

        using var scaled = await http.PostAsync(new Uri("/admin/rate?factor=0.1", UriKind.Relative), null);
        Assert.That((int)scaled.StatusCode, Is.EqualTo(200));
        var slowFrom = exchange.ExchangeTime.ToUnixTimeMilliseconds() + 100; // after the transaction already scheduled
        await client.WaitForAsync(m => TestClient.Parse(m) is { } e && e.GetProperty("E").GetInt64() > slowFrom + 1000, "a second at a tenth of the rate", TimeSpan.FromSeconds(30));

        int EventsFrom(long from) => client.Events("depthUpdate").Count(e => e.GetProperty("E").GetInt64() is var t && t >= from && t < from + 1000);
        var full = EventsFrom(fullFrom);
        var slow = EventsFrom(slowFrom);
        Assert.That(full, Is.GreaterThan(500), "~1,000 transactions per second, each a depth@0ms event");
        Assert.That(slow, Is.InRange(1, full * 0.3), $"a tenth of {full}");

        using var zero = await http.PostAsync(new Uri("/admin/rate?factor=0", UriKind.Relative), null);
        Assert.That((int)zero.StatusCode, Is.EqualTo(400));
        Assert.That(await zero.Content.ReadAsStringAsync(), Does.Contain("factor"));
        Assert.Throws<ArgumentOutOfRangeException>(() => exchange.ScaleRates(double.NaN));
    }

    [Test]
    public async Task PauseAndResume_StopAndRestartTheWholeMarket()
    {
        await using var exchange = await Sim.StartAsync(rate: 300, clockSpeed: 10);
        using var http = RestApi.Client(exchange);
        using var pause = await http.PostAsync(new Uri("/admin/pause", UriKind.Relative), null);
        Assert.That((int)pause.StatusCode, Is.EqualTo(200));
        var frozen = exchange.GetStats();
        Assert.That(frozen.Paused, Is.True);
        var pausedAt = exchange.ExchangeTime;

        await Eventually.WaitAsync(() => exchange.ExchangeTime > pausedAt.AddSeconds(3), "3 exchange seconds pass");
        var still = exchange.GetStats();
        Assert.That(still.Symbols["BTCUSDT"].LastUpdateId, Is.EqualTo(frozen.Symbols["BTCUSDT"].LastUpdateId));
        Assert.That(still.Symbols["ETHUSDT"].LastAggTradeId, Is.EqualTo(frozen.Symbols["ETHUSDT"].LastAggTradeId));

        using var resume = await http.PostAsync(new Uri("/admin/resume", UriKind.Relative), null);
        await Eventually.WaitAsync(() => exchange.GetStats().Symbols["BTCUSDT"].LastUpdateId > frozen.Symbols["BTCUSDT"].LastUpdateId, "the market moves again");
        Assert.That(exchange.IsPaused, Is.False);
    }

    [Test]
    public async Task StatsEndpoint_ReportsConnectionsIdsAndMessages()
    {
        await using var exchange = await Sim.StartAsync(rate: 300);
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await client.WaitForEventsAsync("aggTrade", 5);
        var lastSeen = client.Events("aggTrade")[^1].GetProperty("a").GetInt64();

        var stats = await http.GetJsonAsync("/admin/stats");
        Assert.That(stats.GetProperty("connections").GetProperty("market").GetInt32(), Is.EqualTo(1));
        Assert.That(stats.GetProperty("connections").GetProperty("public").GetInt32(), Is.Zero);
        Assert.That(stats.GetProperty("messagesSent").GetInt64(), Is.GreaterThanOrEqualTo(5));
        var btc = stats.GetProperty("symbols").GetProperty("BTCUSDT");
        Assert.That(btc.GetProperty("lastAggTradeId").GetInt64(), Is.GreaterThanOrEqualTo(lastSeen));
        Assert.That(btc.GetProperty("lastUpdateId").GetInt64(), Is.GreaterThan(0));

        using var unknown = await http.PostAsync(new Uri("/admin/depth-gap?symbol=NOPE", UriKind.Relative), null);
        Assert.That((int)unknown.StatusCode, Is.EqualTo(400));
        using var missing = await http.PostAsync(new Uri("/admin/nothing", UriKind.Relative), null);
        Assert.That((int)missing.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task ClientTooSlowToRead_IsDisconnected()
    {
        var options = Sim.Options(rate: 4000, clockSpeed: 4) with { Symbols = ["BTCUSDT"], SendQueueCapacity = 2000 };
        await using var exchange = await Sim.StartAsync(options);
        // Subscribed after the handshake, so the flood cannot start before the client is connected.
        await using var slow = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws"), read: false);
        await slow.SendAsync("""{"method":"SUBSCRIBE","params":["btcusdt@depth@0ms","btcusdt@bookTicker"],"id":1}""");
        await Eventually.WaitAsync(() => exchange.GetStats().SlowClientDisconnects == 1, "the slow client is cut off", TimeSpan.FromSeconds(20));
        await Eventually.WaitAsync(() => exchange.GetStats().Connections["public"] == 0, "and forgotten");
    }
}
