using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class TruthTests
{
    [Test]
    public async Task AfterPause_TruthHoldsEveryAggTradeAClientReceived_WithConsecutiveIds()
    {
        using var truth = new TempDir();
        await using var exchange = await Sim.StartAsync(Sim.Options(rate: 400, clockSpeed: 5) with { TruthDirectory = truth.Path });
        using var http = RestApi.Client(exchange);
        // Let trades happen before anyone connects: they must be in the truth too.
        await Eventually.WaitAsync(() => exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId > 0 && exchange.ExchangeTime > DateTimeOffset.UtcNow.AddSeconds(0.5), "trades before connecting");
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/stream?streams=btcusdt@aggTrade/btcusdt@kline_1m"));
        await client.WaitForEventsAsync("aggTrade", 100);

        using var pause = await http.PostAsync(new Uri("/admin/pause", UriKind.Relative), null);
        Assert.That((int)pause.StatusCode, Is.EqualTo(200));

        var lines = File.ReadAllLines(Path.Combine(truth.Path, "BTCUSDT", "aggTrade.jsonl"));
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("a").GetInt64()).ToList();
        Assert.That(ids.Zip(ids.Skip(1)).All(p => p.Second == p.First + 1), Is.True, "truth ids consecutive");
        Assert.That(ids[^1], Is.EqualTo(exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId), "truth is complete up to the pause");
        var set = lines.ToHashSet();
        var received = client.Messages.Select(m => TestClient.Parse(m)!.Value)
            .Where(m => m.GetProperty("stream").GetString() == "btcusdt@aggTrade")
            .Select(m => m.GetProperty("data").GetRawText()).ToList();
        Assert.That(received, Has.Count.GreaterThanOrEqualTo(100));
        Assert.That(received.All(set.Contains), Is.True, "every received aggTrade is in the truth, byte for byte");
        Assert.That(ids[0], Is.LessThan(JsonDocument.Parse(received[0]).RootElement.GetProperty("a").GetInt64()), "trades from before the client connected");
    }

    [Test]
    public async Task TruthFiles_ExistPerSymbolAndStream_AndChainCorrectly()
    {
        using var truth = new TempDir();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 55, TimeSpan.Zero);
        await using var exchange = await Sim.StartAsync(Sim.Options(rate: 300, clockSpeed: 20) with { TruthDirectory = truth.Path, StartTime = start });
        await Eventually.WaitAsync(() => exchange.ExchangeTime > start.AddSeconds(8), "a minute boundary");
        exchange.Pause();

        foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT" })
        {
            foreach (var file in new[] { "aggTrade", "trade", "depth@0ms", "depth@100ms", "depth@250ms", "depth@500ms", "kline_1m", "bookTicker", "markPrice", "forceOrder", "depth-withheld" })
            {
                Assert.That(File.Exists(Path.Combine(truth.Path, symbol, file + ".jsonl")), Is.True, $"{symbol}/{file}");
            }
        }

        foreach (var speed in new[] { "depth@0ms", "depth@100ms", "depth@250ms", "depth@500ms" })
        {
            var depth = Read(truth, speed);
            Assert.That(depth, Is.Not.Empty, speed);
            Assert.That(depth.Zip(depth.Skip(1)).All(p => p.Second.GetProperty("pu").GetInt64() == p.First.GetProperty("u").GetInt64()), Is.True, speed);
        }

        var klines = Read(truth, "kline_1m");
        Assert.That(klines, Is.Not.Empty);
        Assert.That(klines.All(k => k.GetProperty("k").GetProperty("x").GetBoolean()), Is.True, "closed candles only");
        Assert.That(klines[0].GetProperty("k").GetProperty("t").GetInt64(), Is.EqualTo(start.AddSeconds(-55).ToUnixTimeMilliseconds()));
        var trades = Read(truth, "trade").Select(t => t.GetProperty("t").GetInt64()).ToList();
        Assert.That(trades.Zip(trades.Skip(1)).All(p => p.Second == p.First + 1), Is.True);
        var marks = Read(truth, "markPrice").Select(m => m.GetProperty("E").GetInt64()).ToList();
        Assert.That(marks, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(marks.Zip(marks.Skip(1)).All(p => p.Second - p.First == 1000), Is.True, "one per exchange second");
    }

    private static List<JsonElement> Read(TempDir truth, string name) =>
        File.ReadAllLines(Path.Combine(truth.Path, "BTCUSDT", name + ".jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
