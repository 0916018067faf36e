using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class ClockTests
{
    [Test]
    public async Task FastClock_CrossesUtcMidnight_InTradesKlinesAndFunding()
    {
        var start = new DateTimeOffset(2026, 1, 1, 23, 59, 57, TimeSpan.Zero);
        var midnight = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await using var exchange = await Sim.StartAsync(Sim.Options(rate: 300, clockSpeed: 30) with { StartTime = start });
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade/btcusdt@kline_1m/btcusdt@markPrice@1s"));

        await Eventually.WaitAsync(() => client.Events("aggTrade").Any(t => t.GetProperty("T").GetInt64() >= midnight + 1000), "trades of the new day");
        await Eventually.WaitAsync(() => client.Events("markPriceUpdate").Any(m => m.GetProperty("E").GetInt64() > midnight), "mark price after midnight");

        var trades = client.Events("aggTrade");
        Assert.That(trades.Any(t => t.GetProperty("T").GetInt64() < midnight), Is.True, "trades of the old day");
        var closed = client.Events("kline").Single(k => k.GetProperty("k").GetProperty("x").GetBoolean() && k.GetProperty("k").GetProperty("t").GetInt64() == midnight - 60_000);
        Assert.That(closed.GetProperty("E").GetInt64(), Is.EqualTo(midnight));
        var marks = client.Events("markPriceUpdate");
        Assert.That(marks.Where(m => m.GetProperty("E").GetInt64() < midnight).All(m => m.GetProperty("T").GetInt64() == midnight), Is.True);
        Assert.That(marks.Where(m => m.GetProperty("E").GetInt64() >= midnight).All(m => m.GetProperty("T").GetInt64() == midnight + (8 * 3600 * 1000)), Is.True);
        Assert.That(exchange.ExchangeTime, Is.GreaterThan(start.AddSeconds(3)));
    }
}
