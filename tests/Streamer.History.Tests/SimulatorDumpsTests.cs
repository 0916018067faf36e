using NUnit.Framework;
using Streamer.Core.Streams;
using Streamer.History.Tests.Support;
using Streamer.Simulator;
using Streamer.Simulator.Dumps;
using Streamer.Verify.Holes;

namespace Streamer.History.Tests;

/// <summary>The simulated exchange's dumps tree works with history, offline: what `./run.sh --simulate` users try.</summary>
[TestFixture]
public sealed class SimulatorDumpsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 30, TimeSpan.Zero);

    [Test]
    public async Task DownloadFromTheSimulator_RefusesATruncatedArchive_ThenCompletesWithoutAHole()
    {
        await using var exchange = await SimulatedExchange.StartAsync(new SimulatorOptions
        {
            Symbols = ["BTCUSDT"], DefaultEventsPerSecond = 20, StartTime = Start, DumpTradesPerDay = 500,
        }, CancellationToken.None);
        exchange.InjectDumpFault("BTCUSDT-aggTrades-2026-01-08.zip", DumpFault.Truncated);
        using var ws = new Workspace();
        string[] args = ["download", "--symbols", "BTCUSDT", "--from", "2026-01-07", "--to", "2026-01-09", "--retries", "1"];

        var run = await HistoryRun.StartAsync(ws, exchange.DumpsBaseUrl.AbsoluteUri, Start, args);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain("BTCUSDT aggTrades 2026-01-08 (BAD CHECKSUM)"));
        Assert.That(File.Exists(ws.DayFile(StreamCatalog.AggTrade, new DateOnly(2026, 1, 8), "BTCUSDT")), Is.False);
        Assert.That(File.ReadAllLines(ws.DayFile(StreamCatalog.AggTrade, new DateOnly(2026, 1, 9), "BTCUSDT")), Has.Length.EqualTo(501));
        Assert.That(File.ReadAllLines(ws.DayFile(StreamCatalog.Kline1m, new DateOnly(2026, 1, 8), "BTCUSDT")), Has.Length.EqualTo(1441));

        exchange.InjectDumpFault("BTCUSDT-aggTrades-2026-01-08.zip", DumpFault.None);
        var again = await HistoryRun.StartAsync(ws, exchange.DumpsBaseUrl.AbsoluteUri, Start, args);

        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        var holes = await RecordingHoles.FindIdHolesAsync(ws.DataDir, ["BTCUSDT"], [StreamCatalog.AggTrade, StreamCatalog.Kline1m], TimeProvider.System, CancellationToken.None);
        Assert.That(holes.Holes, Is.Empty, "three days of trades and candles without a hole, as streamer verify sees them");
    }
}
