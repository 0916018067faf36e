using System.Net;
using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>/dapi/v1 and /api/v3: Binance's weights, each market's own budget, 429/418 and forced errors per market.</summary>
public class MarketRestTests
{
    [TestCase("coinm")]
    [TestCase("spot")]
    public async Task EveryResponse_ReportsThatMarketsWeight(string market)
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets());
        using var http = RestApi.Client(exchange);
        (string Path, int Weight)[] calls = market == "spot"
            ?
            [
                ("/api/v3/depth?symbol=BTCUSDT&limit=100", 5), ("/api/v3/depth?symbol=BTCUSDT&limit=1", 5),
                ("/api/v3/depth?symbol=BTCUSDT&limit=500", 25), ("/api/v3/depth?symbol=BTCUSDT&limit=1000", 50),
                ("/api/v3/depth?symbol=BTCUSDT&limit=5000", 250), ("/api/v3/depth?symbol=BTCUSDT", 5),
                ("/api/v3/aggTrades?symbol=BTCUSDT&limit=1000", 4), ("/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000", 2),
                ("/api/v3/exchangeInfo", 20), ("/api/v3/time", 1), ("/api/v3/ping", 1),
            ]
            :
            [
                ("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=1000", 20), ("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=500", 10),
                ("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=100", 5), ("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=5", 2),
                ("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=50", 2), ("/dapi/v1/aggTrades?symbol=BTCUSD_PERP&limit=1000", 20),
                ("/dapi/v1/klines?symbol=BTCUSD_PERP&interval=1m&limit=99", 1), ("/dapi/v1/klines?symbol=BTCUSD_PERP&interval=1m&limit=1000", 5),
                ("/dapi/v1/exchangeInfo", 1), ("/dapi/v1/time", 1),
            ];

        await Eventually.WaitAsync(Attempt, "one minute's weights add up");

        async Task<bool> Attempt()
        {
            var expected = -1;
            foreach (var (path, weight) in calls)
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                Assert.That((int)response.StatusCode, Is.EqualTo(200), path);
                var used = RestApi.UsedWeight(response);
                if (expected >= 0 && used != expected + weight)
                {
                    return used < expected ? false : throw new AssertionException($"{path}: weight {used - expected}, expected {weight}");
                }

                expected = used;
            }

            return true;
        }
    }

    [Test]
    public async Task WeightBudgets_AreIndependentPerMarket()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets());
        using var http = RestApi.Client(exchange);
        await Eventually.WaitAsync(Attempt, "spot and COIN-M weight never shows on USD-M");

        async Task<bool> Attempt()
        {
            using var um1 = await http.GetAsync(new Uri("/fapi/v1/ping", UriKind.Relative));
            using var spot = await http.GetAsync(new Uri("/api/v3/depth?symbol=BTCUSDT&limit=5000", UriKind.Relative));
            using var cm = await http.GetAsync(new Uri("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=1000", UriKind.Relative));
            using var um2 = await http.GetAsync(new Uri("/fapi/v1/ping", UriKind.Relative));
            using var spot2 = await http.GetAsync(new Uri("/api/v3/ping", UriKind.Relative));
            var (a, b) = (RestApi.UsedWeight(um1), RestApi.UsedWeight(um2));
            if (b < a)
            {
                return false; // the minute rolled over
            }

            Assert.That(b, Is.EqualTo(a + 1), "USD-M budget saw only its own ping");
            Assert.That(RestApi.UsedWeight(spot2), Is.EqualTo(RestApi.UsedWeight(spot) + 1).Or.LessThan(RestApi.UsedWeight(spot)));
            Assert.That(RestApi.UsedWeight(cm), Is.LessThan(RestApi.UsedWeight(spot)), "COIN-M counts 20, not spot's 250 on top");
            return true;
        }
    }

    [Test]
    public async Task SpotOverItsLimit_429Then418_WhileUsdMAndCoinMStillAnswer()
    {
        var options = Combined.AllMarkets() with { SpotWeightLimitPerMinute = 30, ViolationsBeforeBan = 2, BanDuration = TimeSpan.FromMinutes(5) };
        await using var exchange = await Sim.StartAsync(options);
        using var http = RestApi.Client(exchange);
        var statuses = new List<int>();
        for (var i = 0; i < 12 && !statuses.Contains(418); i++)
        {
            using var response = await http.GetAsync(new Uri("/api/v3/depth?symbol=BTCUSDT&limit=100", UriKind.Relative));
            statuses.Add((int)response.StatusCode);
            Assert.That(response.Headers.Contains("X-MBX-USED-WEIGHT-1M"), Is.True);
            if ((int)response.StatusCode is 429 or 418)
            {
                Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null, "Retry-After");
            }
        }

        Assert.That(statuses, Does.Contain(429));
        Assert.That(statuses, Does.Contain(418));
        using var um = await http.GetAsync(new Uri("/fapi/v1/depth?symbol=BTCUSDT&limit=1000", UriKind.Relative));
        using var cm = await http.GetAsync(new Uri("/dapi/v1/depth?symbol=BTCUSD_PERP&limit=1000", UriKind.Relative));
        Assert.That((um.StatusCode, cm.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)), "other markets' budgets untouched");
        var stats = exchange.GetStats();
        Assert.That(stats.RateLimitedRequestsByMarket["spot"], Is.GreaterThan(0));
        Assert.That(stats.BannedRequestsByMarket["spot"], Is.GreaterThan(0));
        Assert.That((stats.RateLimitedRequests, stats.BannedRequests), Is.EqualTo((0L, 0L)), "USD-M counters");
    }

    [TestCase(SimMarket.CoinM, "/dapi/v1/time", "cm")]
    [TestCase(SimMarket.Spot, "/api/v3/time", "spot")]
    public async Task ForcedRestErrors_HitOnlyTheirMarket(SimMarket market, string path, string id)
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets());
        using var http = RestApi.Client(exchange);
        exchange.FailRest(429, TimeSpan.FromMinutes(1), market);
        using (var failed = await http.GetAsync(new Uri(path, UriKind.Relative)))
        using (var um = await http.GetAsync(new Uri("/fapi/v1/time", UriKind.Relative)))
        {
            Assert.That((int)failed.StatusCode, Is.EqualTo(429));
            Assert.That(failed.Headers.RetryAfter?.Delta, Is.Not.Null);
            Assert.That((int)um.StatusCode, Is.EqualTo(200), "USD-M not affected");
        }

        using (var clear = await http.PostAsync(new Uri($"/admin/rest-error?status=418&seconds=0&market={id}", UriKind.Relative), null))
        {
            Assert.That((int)clear.StatusCode, Is.EqualTo(200));
        }

        using var again = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.That((int)again.StatusCode, Is.EqualTo(200));
        using var viaAdmin = await http.PostAsync(new Uri($"/admin/rest-error?status=418&seconds=30&market={id}", UriKind.Relative), null);
        using var banned = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.That((int)banned.StatusCode, Is.EqualTo(418));
    }

    [Test]
    public async Task ExchangeInfo_DescribesEachMarket()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets() with { SpotSymbols = ["BTCUSDT", "NEWCOINUSDT"], CoinMSymbols = ["BTCUSD_PERP", "ZZZUSD_PERP"] });
        using var http = RestApi.Client(exchange);
        var cm = await http.GetJsonAsync("/dapi/v1/exchangeInfo");
        Assert.That(cm.GetProperty("rateLimits")[0].GetProperty("limit").GetInt32(), Is.EqualTo(2400));
        var btcusd = cm.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "BTCUSD_PERP");
        Assert.That(btcusd.GetProperty("pair").GetString(), Is.EqualTo("BTCUSD"));
        Assert.That(btcusd.GetProperty("contractType").GetString(), Is.EqualTo("PERPETUAL"));
        Assert.That(btcusd.GetProperty("contractStatus").GetString(), Is.EqualTo("TRADING"));
        Assert.That(btcusd.TryGetProperty("status", out _), Is.False, "COIN-M has contractStatus, not status");
        Assert.That(btcusd.GetProperty("contractSize").GetInt32(), Is.EqualTo(100));
        Assert.That(cm.GetProperty("symbols").EnumerateArray().Any(s => s.GetProperty("symbol").GetString() == "ZZZUSD_PERP"), Is.True);

        var spot = await http.GetJsonAsync("/api/v3/exchangeInfo");
        Assert.That(spot.GetProperty("rateLimits")[0].GetProperty("limit").GetInt32(), Is.EqualTo(6000));
        var btcusdt = spot.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "BTCUSDT");
        Assert.That(btcusdt.GetProperty("status").GetString(), Is.EqualTo("TRADING"));
        Assert.That((btcusdt.GetProperty("baseAsset").GetString(), btcusdt.GetProperty("quoteAsset").GetString()), Is.EqualTo(("BTC", "USDT")));
        var tick = btcusdt.GetProperty("filters").EnumerateArray().Single(f => f.GetProperty("filterType").GetString() == "PRICE_FILTER");
        Assert.That(tick.GetProperty("tickSize").GetString(), Is.EqualTo("0.01000000"));

        var trades = await http.GetJsonAsync("/api/v3/aggTrades?symbol=NEWCOINUSDT&limit=5");
        Assert.That(trades.ValueKind, Is.EqualTo(JsonValueKind.Array));
        using var unknown = await http.GetAsync(new Uri("/api/v3/depth?symbol=BTCUSD_PERP", UriKind.Relative));
        Assert.That((int)unknown.StatusCode, Is.EqualTo(400), "a COIN-M symbol is not a spot symbol");
    }

    [Test]
    public async Task RestHistory_HasEachMarketsShape()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 400, clockSpeed: 20) with { StartTime = new DateTimeOffset(2026, 1, 1, 0, 0, 50, TimeSpan.Zero) });
        using var http = RestApi.Client(exchange);
        await Eventually.WaitAsync(() => exchange.ExchangeTime > new DateTimeOffset(2026, 1, 1, 0, 1, 5, TimeSpan.Zero), "a closed minute");
        var spotTrades = await http.GetJsonAsync("/api/v3/aggTrades?symbol=BTCUSDT&limit=10");
        Assert.That(spotTrades[0].Names(), Is.EqualTo(new[] { "a", "p", "q", "f", "l", "T", "m", "M" }));
        var cmTrades = await http.GetJsonAsync("/dapi/v1/aggTrades?symbol=BTCUSD_PERP&limit=10");
        Assert.That(cmTrades[0].Names(), Is.EqualTo(new[] { "a", "p", "q", "f", "l", "T", "m" }));
        var fromId = cmTrades[0].GetProperty("a").GetInt64();
        var page = await http.GetJsonAsync($"/dapi/v1/aggTrades?symbol=BTCUSD_PERP&fromId={fromId}&limit=3");
        Assert.That(page.EnumerateArray().Select(t => t.GetProperty("a").GetInt64()), Is.EqualTo(new[] { fromId, fromId + 1, fromId + 2 }));

        var spotKlines = await http.GetJsonAsync("/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5");
        Assert.That(spotKlines[0].GetArrayLength(), Is.EqualTo(12));
        Assert.That(spotKlines[0][7].GetString(), Does.Match(@"^\d+\.\d{8}$"), "quote volume, 8 decimals");
        var cmKlines = await http.GetJsonAsync("/dapi/v1/klines?symbol=BTCUSD_PERP&interval=1m&limit=5");
        Assert.That(cmKlines[0].GetArrayLength(), Is.EqualTo(12));
        Assert.That(cmKlines[0][5].GetString(), Does.Match(@"^\d+$"), "volume in contracts");
        Assert.That(cmKlines[0][7].GetString(), Does.Match(@"^\d+\.\d{8}$"), "base-asset volume");
    }
}
