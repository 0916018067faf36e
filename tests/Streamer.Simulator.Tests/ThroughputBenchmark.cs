using System.Diagnostics;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>Not part of the suite: run with --filter Category=Benchmark to measure generation and delivery rates.</summary>
[Explicit("benchmark")]
[Category("Benchmark")]
public class ThroughputBenchmark
{
    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    public async Task OneSymbol_AsFastAsItGoes(bool truth, bool subscriber)
    {
        using var dir = new TempDir();
        // Asks for far more than one core can do, so the engine runs flat out and we measure its ceiling.
        var options = Sim.Options(rate: 200_000) with { Symbols = ["BTCUSDT"], TruthDirectory = truth ? dir.Path : null, SendQueueCapacity = 1_000_000 };
        await using var exchange = await Sim.StartAsync(options);
        await using var client = subscriber
            ? await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@depth@100ms"))
            : null;
        await using var market = subscriber
            ? await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade/btcusdt@trade"))
            : null;
        await Eventually.WaitAsync(() => exchange.GetStats().Symbols["BTCUSDT"].Transactions > 1000, "warm up");
        var before = exchange.GetStats();
        var clock = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => clock.Elapsed > TimeSpan.FromSeconds(5), "5 s of generation", TimeSpan.FromSeconds(10));
        var after = exchange.GetStats();
        var seconds = clock.Elapsed.TotalSeconds;
        var tx = (after.Symbols["BTCUSDT"].Transactions - before.Symbols["BTCUSDT"].Transactions) / seconds;
        var aggs = (after.Symbols["BTCUSDT"].LastAggTradeId - before.Symbols["BTCUSDT"].LastAggTradeId) / seconds;
        var sent = (after.MessagesSent - before.MessagesSent) / seconds;
        TestContext.Out.WriteLine($"truth={truth} subscriber={subscriber}: {tx:F0} transactions/s, {aggs:F0} aggTrades/s, {sent:F0} messages sent/s, slow drops {after.SlowClientDisconnects}");
    }
}
