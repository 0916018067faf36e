using System.Net;
using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class RestTests
{
    [Test]
    public async Task EveryResponse_ReportsUsedWeight_WithBinanceWeights()
    {
        await using var exchange = await Sim.StartAsync();
        using var http = RestApi.Client(exchange);
        (string Path, int Weight)[] calls =
        [
            ("/fapi/v1/depth?symbol=BTCUSDT&limit=1000", 20),
            ("/fapi/v1/depth?symbol=BTCUSDT&limit=500", 10),
            ("/fapi/v1/depth?symbol=BTCUSDT&limit=100", 5),
            ("/fapi/v1/depth?symbol=BTCUSDT&limit=5", 2),
            ("/fapi/v1/aggTrades?symbol=BTCUSDT&limit=1000", 20),
            ("/fapi/v1/exchangeInfo", 1),
            ("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=99", 1),
            ("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=499", 2),
            ("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1000", 5),
            ("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500", 10),
            ("/fapi/v1/time", 1),
            ("/fapi/v1/ping", 1),
            ("/fapi/v1/depth?symbol=NOPEUSDT&limit=5", 2),
        ];

        // The window is the calendar minute: if it rolls over mid-test, start again.
        await Eventually.WaitAsync(Attempt, "one minute's weights add up");

        async Task<bool> Attempt()
        {
            var expected = -1;
            foreach (var (path, weight) in calls)
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
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
    public async Task OverTheLimit_429WithRetryAfter_ThenKeepGoing_418Ban()
    {
        var options = Sim.Options() with { WeightLimitPerMinute = 30, ViolationsBeforeBan = 2, BanDuration = TimeSpan.FromMinutes(5) };
        await using var exchange = await Sim.StartAsync(options);
        using var http = RestApi.Client(exchange);
        var statuses = new List<int>();
        HttpResponseMessage? tooMany = null;
        HttpResponseMessage? banned = null;
        await Eventually.WaitAsync(
            async () =>
            {
                var response = await http.GetAsync(new Uri("/fapi/v1/depth?symbol=BTCUSDT&limit=1000", UriKind.Relative));
                statuses.Add((int)response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    tooMany ??= response;
                }

                if ((int)response.StatusCode == 418)
                {
                    banned = response;
                }

                return banned is not null;
            },
            "a 418 after ignoring 429");

        Assert.That(statuses[0], Is.EqualTo(200));
        Assert.That(statuses.IndexOf(429), Is.LessThan(statuses.IndexOf(418)), string.Join(",", statuses));
        Assert.That(int.Parse(tooMany!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 60));
        var tooManyBody = JsonDocument.Parse(await tooMany.Content.ReadAsStringAsync()).RootElement;
        Assert.That(tooManyBody.GetProperty("code").GetInt32(), Is.EqualTo(-1003));
        Assert.That(int.Parse(banned!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(299, 300));
        Assert.That(await banned.Content.ReadAsStringAsync(), Does.Contain("banned until"));
        using var stillBanned = await http.GetAsync(new Uri("/fapi/v1/ping", UriKind.Relative));
        Assert.That((int)stillBanned.StatusCode, Is.EqualTo(418));
        Assert.That(stillBanned.Headers.Contains("X-MBX-USED-WEIGHT-1M"), Is.True);
    }

    [Test]
    public async Task UnknownSymbol_Is400Minus1121()
    {
        await using var exchange = await Sim.StartAsync();
        using var http = RestApi.Client(exchange);
        foreach (var path in new[] { "/fapi/v1/depth?symbol=FOOUSDT", "/fapi/v1/aggTrades?symbol=FOOUSDT" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"code":-1121,"msg":"Invalid symbol."}"""));
        }

        using var missing = await http.GetAsync(new Uri("/fapi/v1/depth", UriKind.Relative));
        Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("-1102"));
        using var badLimit = await http.GetAsync(new Uri("/fapi/v1/depth?symbol=BTCUSDT&limit=7", UriKind.Relative));
        Assert.That((int)badLimit.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task ExchangeInfo_ListsAbout300PerpetualsWithRealFilters()
    {
        await using var exchange = await Sim.StartAsync();
        using var http = RestApi.Client(exchange);
        var info = await http.GetJsonAsync("/fapi/v1/exchangeInfo");
        var weight = info.GetProperty("rateLimits").EnumerateArray().Single(r => r.GetProperty("rateLimitType").GetString() == "REQUEST_WEIGHT");
        Assert.That(weight.GetProperty("limit").GetInt32(), Is.EqualTo(2400));
        Assert.That(weight.GetProperty("interval").GetString(), Is.EqualTo("MINUTE"));
        var symbols = info.GetProperty("symbols").EnumerateArray().ToList();
        Assert.That(symbols, Has.Count.InRange(290, 310));
        Assert.That(symbols.Select(s => s.GetProperty("symbol").GetString()).Distinct().Count(), Is.EqualTo(symbols.Count));
        Assert.That(symbols.All(s => s.GetProperty("status").GetString() == "TRADING" && s.GetProperty("contractType").GetString() == "PERPETUAL"));

        var btc = symbols.Single(s => s.GetProperty("symbol").GetString() == "BTCUSDT");
        var filters = btc.GetProperty("filters").EnumerateArray().ToDictionary(f => f.GetProperty("filterType").GetString()!);
        Assert.That(filters["PRICE_FILTER"].GetProperty("tickSize").GetString(), Is.EqualTo("0.10"));
        Assert.That(filters["LOT_SIZE"].GetProperty("stepSize").GetString(), Is.EqualTo("0.001"));
        Assert.That(btc.GetProperty("pricePrecision").GetInt32(), Is.EqualTo(2));
        Assert.That(btc.GetProperty("quantityPrecision").GetInt32(), Is.EqualTo(3));
        var eth = symbols.Single(s => s.GetProperty("symbol").GetString() == "ETHUSDT");
        Assert.That(eth.GetProperty("filters")[0].GetProperty("tickSize").GetString(), Is.EqualTo("0.01"));
    }

    [Test]
    public async Task TimeAndPing_AnswerLikeBinance()
    {
        var start = new DateTimeOffset(2026, 1, 1, 23, 59, 30, TimeSpan.Zero);
        await using var exchange = await Sim.StartAsync(Sim.Options() with { StartTime = start });
        using var http = RestApi.Client(exchange);
        var time = await http.GetJsonAsync("/fapi/v1/time");
        Assert.That(time.GetProperty("serverTime").GetInt64(), Is.InRange(start.ToUnixTimeMilliseconds(), start.ToUnixTimeMilliseconds() + 30_000));
        using var ping = await http.GetAsync(new Uri("/fapi/v1/ping", UriKind.Relative));
        Assert.That(await ping.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
    }
}
