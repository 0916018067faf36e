using System.Globalization;
using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class KlineTests
{
    [Test]
    public async Task ClosedKline_AtTheMinuteBoundary_MatchesTheMinutesAggTrades_AndRest()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 58, TimeSpan.Zero);
        var options = Sim.Options(rate: 300, clockSpeed: 10) with { StartTime = start };
        await using var exchange = await Sim.StartAsync(options);
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@kline_1m"));

        await Eventually.WaitAsync(() => client.Events("kline").Any(k => k.GetProperty("k").GetProperty("x").GetBoolean()), "a closed candle");
        var closed = client.Events("kline").First(k => k.GetProperty("k").GetProperty("x").GetBoolean());
        var k = closed.GetProperty("k");
        // Usually 00:00; on a very busy machine the client may connect after that close and see 00:01's.
        var openTime = k.GetProperty("t").GetInt64();
        Assert.That(openTime % 60_000, Is.Zero);
        Assert.That(openTime, Is.GreaterThanOrEqualTo(start.AddSeconds(-58).ToUnixTimeMilliseconds()));
        Assert.That(k.GetProperty("T").GetInt64(), Is.EqualTo(openTime + 59_999));
        Assert.That(closed.GetProperty("E").GetInt64(), Is.EqualTo(openTime + 60_000), "closed exactly at the boundary");
        Assert.That(client.Events("kline").TakeWhile(e => !e.GetProperty("k").GetProperty("x").GetBoolean())
            .All(e => e.GetProperty("k").GetProperty("t").GetInt64() == openTime), Is.True, "updates before the close are of the same minute");

        var trades = new List<JsonElement>();
        var page = (await http.GetJsonAsync($"/fapi/v1/aggTrades?symbol=BTCUSDT&startTime={openTime}&endTime={openTime + 59_999}&limit=1000")).EnumerateArray().ToList();
        while (page.Count > 0)
        {
            trades.AddRange(page);
            var next = page[^1].GetProperty("a").GetInt64() + 1;
            page = (await http.GetJsonAsync($"/fapi/v1/aggTrades?symbol=BTCUSDT&fromId={next}&limit=1000")).EnumerateArray()
                .Where(t => t.GetProperty("T").GetInt64() <= openTime + 59_999).ToList();
        }

        Assert.That(trades, Is.Not.Empty);
        Assert.That(k.GetProperty("f").GetInt64(), Is.EqualTo(trades[0].GetProperty("f").GetInt64()));
        Assert.That(k.GetProperty("L").GetInt64(), Is.EqualTo(trades[^1].GetProperty("l").GetInt64()));
        Assert.That(k.GetProperty("n").GetInt64(), Is.EqualTo(trades[^1].GetProperty("l").GetInt64() - trades[0].GetProperty("f").GetInt64() + 1));
        Assert.That(Dec(k, "o"), Is.EqualTo(Dec(trades[0], "p")));
        Assert.That(Dec(k, "c"), Is.EqualTo(Dec(trades[^1], "p")));
        Assert.That(Dec(k, "h"), Is.EqualTo(trades.Max(t => Dec(t, "p"))));
        Assert.That(Dec(k, "l"), Is.EqualTo(trades.Min(t => Dec(t, "p"))));
        Assert.That(Dec(k, "v"), Is.EqualTo(trades.Sum(t => Dec(t, "q"))));
        Assert.That(Dec(k, "q"), Is.EqualTo(trades.Sum(t => Dec(t, "p") * Dec(t, "q"))));
        Assert.That(Dec(k, "V"), Is.EqualTo(trades.Where(t => !t.GetProperty("m").GetBoolean()).Sum(t => Dec(t, "q"))));

        var rest = await http.GetJsonAsync($"/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime={openTime}&limit=1");
        var row = rest[0];
        Assert.That(row.GetArrayLength(), Is.EqualTo(12));
        Assert.That(row[0].GetInt64(), Is.EqualTo(openTime));
        Assert.That(row[1].GetString(), Is.EqualTo(k.GetProperty("o").GetString()));
        Assert.That(row[2].GetString(), Is.EqualTo(k.GetProperty("h").GetString()));
        Assert.That(row[3].GetString(), Is.EqualTo(k.GetProperty("l").GetString()));
        Assert.That(row[4].GetString(), Is.EqualTo(k.GetProperty("c").GetString()));
        Assert.That(row[5].GetString(), Is.EqualTo(k.GetProperty("v").GetString()));
        Assert.That(row[6].GetInt64(), Is.EqualTo(openTime + 59_999));
        Assert.That(row[7].GetString(), Is.EqualTo(k.GetProperty("q").GetString()));
        Assert.That(row[8].GetInt64(), Is.EqualTo(k.GetProperty("n").GetInt64()));
    }

    [Test]
    public async Task KlinesRest_RejectsUnknownIntervalAndSymbol()
    {
        await using var exchange = await Sim.StartAsync();
        using var http = RestApi.Client(exchange);
        using var badInterval = await http.GetAsync(new Uri("/fapi/v1/klines?symbol=BTCUSDT&interval=7m", UriKind.Relative));
        Assert.That((int)badInterval.StatusCode, Is.EqualTo(400));
        using var badSymbol = await http.GetAsync(new Uri("/fapi/v1/klines?symbol=NOPEUSDT&interval=1m", UriKind.Relative));
        Assert.That(await badSymbol.Content.ReadAsStringAsync(), Is.EqualTo("""{"code":-1121,"msg":"Invalid symbol."}"""));
    }

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
