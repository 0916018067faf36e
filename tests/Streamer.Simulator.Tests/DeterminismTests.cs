using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class DeterminismTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task SameSeedAndOptions_GenerateTheSameEvents_ByteForByte()
    {
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        using var dirC = new TempDir();
        var a = await RunAsync(dirA.Path, seed: 7);
        var b = await RunAsync(dirB.Path, seed: 7);
        var c = await RunAsync(dirC.Path, seed: 8);

        foreach (var file in new[] { "aggTrade.jsonl", "trade.jsonl", "depth@0ms.jsonl", "depth@100ms.jsonl", "bookTicker.jsonl", "markPrice.jsonl" })
        {
            var linesA = File.ReadAllLines(Path.Combine(dirA.Path, "BTCUSDT", file));
            var linesB = File.ReadAllLines(Path.Combine(dirB.Path, "BTCUSDT", file));
            var common = Math.Min(linesA.Length, linesB.Length);
            Assert.That(common, Is.GreaterThan(2), file);
            Assert.That(linesA.Take(common), Is.EqualTo(linesB.Take(common)), file);
        }

        var other = File.ReadAllLines(Path.Combine(dirC.Path, "BTCUSDT", "aggTrade.jsonl"));
        Assert.That(other.Take(20), Is.Not.EqualTo(File.ReadAllLines(Path.Combine(dirA.Path, "BTCUSDT", "aggTrade.jsonl")).Take(20)));
        Assert.That(a.Symbols["BTCUSDT"].LastAggTradeId, Is.Not.EqualTo(c.Symbols["BTCUSDT"].LastAggTradeId));
        Assert.That(b.Symbols["BTCUSDT"].LastUpdateId, Is.GreaterThan(0));
    }

    private static async Task<SimulatorStats> RunAsync(string truth, long seed)
    {
        var options = Sim.Options(rate: 300, clockSpeed: 10) with { Seed = seed, StartTime = Start, TruthDirectory = truth, BurstMultiplier = 4 };
        await using var exchange = await Sim.StartAsync(options);
        await Eventually.WaitAsync(() => exchange.ExchangeTime >= Start.AddSeconds(5), "5 exchange seconds");
        exchange.Pause();
        return exchange.GetStats();
    }
}
