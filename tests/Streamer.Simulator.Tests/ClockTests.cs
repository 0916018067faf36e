using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class ClockTests
{
    [Test]
    public async Task FastClock_CrossesUtcMidnight_InTradesKlinesAndFunding()
    {
        using var truth = new TempDir();
        var start = new DateTimeOffset(2026, 1, 1, 23, 59, 57, TimeSpan.Zero);
        var midnight = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await using var exchange = await Sim.StartAsync(Sim.Options(rate: 300, clockSpeed: 30) with { StartTime = start, TruthDirectory = truth.Path });
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await Eventually.WaitAsync(() => client.Events("aggTrade").Any(t => t.GetProperty("T").GetInt64() >= midnight + 1000), "live trades of the new day");
        exchange.Pause();

        // The truth holds everything from the start, however late the client connected on a busy machine.
        var trades = Read(truth, "aggTrade");
        Assert.That(trades.Any(t => t.GetProperty("T").GetInt64() < midnight), Is.True, "trades of the old day");
        Assert.That(trades.Any(t => t.GetProperty("T").GetInt64() >= midnight), Is.True, "trades of the new day");
        var closed = Read(truth, "kline_1m").Single(k => k.GetProperty("k").GetProperty("t").GetInt64() == midnight - 60_000);
        Assert.That(closed.GetProperty("k").GetProperty("x").GetBoolean(), Is.True);
        Assert.That(closed.GetProperty("E").GetInt64(), Is.EqualTo(midnight));
        var marks = Read(truth, "markPrice");
        Assert.That(marks.Where(m => m.GetProperty("E").GetInt64() < midnight).Select(m => m.GetProperty("T").GetInt64()), Is.Not.Empty.And.All.EqualTo(midnight));
        Assert.That(marks.Where(m => m.GetProperty("E").GetInt64() >= midnight).Select(m => m.GetProperty("T").GetInt64()), Is.Not.Empty.And.All.EqualTo(midnight + (8 * 3600 * 1000)));
        Assert.That(exchange.ExchangeTime, Is.GreaterThan(start.AddSeconds(4)));
    }

    private static List<JsonElement> Read(TempDir truth, string name) =>
        File.ReadAllLines(Path.Combine(truth.Path, "BTCUSDT", name + ".jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
