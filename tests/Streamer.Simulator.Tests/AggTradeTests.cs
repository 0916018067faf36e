using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class AggTradeTests
{
    [Test]
    public async Task AggTradeIds_AreConsecutive_AndTradeIdsChainThroughThem()
    {
        await using var exchange = await Sim.StartAsync(rate: 500, clockSpeed: 4);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade/btcusdt@trade"));
        await client.WaitForEventsAsync("aggTrade", 200);

        var aggs = client.Events("aggTrade");
        var trades = client.Events("trade");
        for (var i = 1; i < aggs.Count; i++)
        {
            Assert.That(aggs[i].GetProperty("a").GetInt64(), Is.EqualTo(aggs[i - 1].GetProperty("a").GetInt64() + 1));
            Assert.That(aggs[i].GetProperty("f").GetInt64(), Is.EqualTo(aggs[i - 1].GetProperty("l").GetInt64() + 1));
            Assert.That(aggs[i].GetProperty("T").GetInt64(), Is.GreaterThanOrEqualTo(aggs[i - 1].GetProperty("T").GetInt64()));
        }

        var tradeIds = trades.Select(t => t.GetProperty("t").GetInt64()).ToList();
        Assert.That(tradeIds.Zip(tradeIds.Skip(1)).All(p => p.Second == p.First + 1), Is.True, "trade ids consecutive");
        // Every trade of a streamed aggTrade's range was streamed with the same price.
        var byId = trades.ToDictionary(t => t.GetProperty("t").GetInt64());
        var covered = aggs.Where(a => byId.ContainsKey(a.GetProperty("f").GetInt64()) && byId.ContainsKey(a.GetProperty("l").GetInt64())).Take(50).ToList();
        Assert.That(covered, Is.Not.Empty);
        foreach (var agg in covered)
        {
            var parts = Enumerable.Range(0, (int)(agg.GetProperty("l").GetInt64() - agg.GetProperty("f").GetInt64() + 1))
                .Select(k => byId[agg.GetProperty("f").GetInt64() + k]).ToList();
            Assert.That(parts.All(t => t.GetProperty("p").GetString() == agg.GetProperty("p").GetString()));
            Assert.That(parts.Sum(t => Dec(t.GetProperty("q"))), Is.EqualTo(Dec(agg.GetProperty("q"))));
        }
    }

    [Test]
    public async Task RestAggTrades_FromId_PagesThroughExactlyWhatWasStreamed()
    {
        await using var exchange = await Sim.StartAsync(rate: 500, clockSpeed: 4);
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await client.WaitForEventsAsync("aggTrade", 150);
        var streamed = client.Events("aggTrade");
        var fromId = streamed[0].GetProperty("a").GetInt64();

        var page1 = await http.GetJsonAsync($"/fapi/v1/aggTrades?symbol=BTCUSDT&fromId={fromId}&limit=100");
        var page2 = await http.GetJsonAsync($"/fapi/v1/aggTrades?symbol=BTCUSDT&fromId={fromId + 100}&limit=50");
        var rows = page1.EnumerateArray().Concat(page2.EnumerateArray()).ToList();
        Assert.That(rows, Has.Count.EqualTo(150));
        Assert.That(rows[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "a", "p", "q", "f", "l", "T", "m" }));
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var field in new[] { "a", "p", "q", "f", "l", "T", "m" })
            {
                Assert.That(rows[i].GetProperty(field).GetRawText(), Is.EqualTo(streamed[i].GetProperty(field).GetRawText()), $"row {i} field {field}");
            }
        }

        var defaultLimit = await http.GetJsonAsync("/fapi/v1/aggTrades?symbol=BTCUSDT");
        Assert.That(defaultLimit.GetArrayLength(), Is.LessThanOrEqualTo(500));
        var byTime = await http.GetJsonAsync($"/fapi/v1/aggTrades?symbol=BTCUSDT&startTime={streamed[10].GetProperty("T").GetInt64()}&limit=5");
        Assert.That(byTime[0].GetProperty("T").GetInt64(), Is.EqualTo(streamed[10].GetProperty("T").GetInt64()));
    }

    [Test]
    public async Task FromIdOlderThanHistory_ReturnsFromTheOldestKept_SoTheGapIsVisible()
    {
        var options = Sim.Options(rate: 500, clockSpeed: 4) with { AggTradeHistory = 50 };
        await using var exchange = await Sim.StartAsync(options);
        using var http = RestApi.Client(exchange);
        var first = exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId + 1;
        await Eventually.WaitAsync(() => exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId > first + 200, "200 trades");

        var rows = await http.GetJsonAsync($"/fapi/v1/aggTrades?symbol=BTCUSDT&fromId={first}&limit=1000");
        var oldest = rows[0].GetProperty("a").GetInt64();
        Assert.That(oldest, Is.GreaterThan(first + 100));
        Assert.That(rows.GetArrayLength(), Is.LessThanOrEqualTo(50));
    }

    private static decimal Dec(JsonElement e) => decimal.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
