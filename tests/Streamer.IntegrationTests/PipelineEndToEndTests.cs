using System.Globalization;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.Core.Streams;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>The real executable, two symbols, the simulator: everything the exchange sent ends up on disk.</summary>
[NonParallelizable]
public class PipelineEndToEndTests
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT"];

    private static readonly long Midnight = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Test, CancelAfter(120_000)]
    public async Task Sigterm_LeavesEverySentRowOnDisk_ByteExact(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(Symbols, o => o with
        {
            Seed = 7,
            DefaultEventsPerSecond = 5,
            ClockSpeed = 30, // one exchange minute every two seconds: closed klines arrive quickly
            StartTime = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        }, ct: ct);
        await Eventually.UntilAsync(
            () => Symbols.All(s => Recorded.RowCount(run.DataDir, s, "kline_1m") >= 2 && Recorded.RowCount(run.DataDir, s, "aggtrade") >= 20),
            TimeSpan.FromSeconds(60), "two closed candles and 20 trades per symbol", () => run.Streamer.Output);

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(20));

        foreach (var symbol in Symbols)
        {
            GroundTruthCheck.HeadersAndNames(run.DataDir, symbol, "aggtrade", StreamCatalog.AggTrade.Header);
            GroundTruthCheck.HeadersAndNames(run.DataDir, symbol, "depth", StreamCatalog.Depth.Header);
            GroundTruthCheck.HeadersAndNames(run.DataDir, symbol, "kline_1m", StreamCatalog.Kline1m.Header);
            GroundTruthCheck.HeadersAndNames(run.DataDir, symbol, "bookticker", StreamCatalog.BookTicker.Header);
            GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, symbol);
            GroundTruthCheck.DepthComplete(run.DataDir, run.TruthDir, symbol);
            GroundTruthCheck.ClosedKlinesComplete(run.DataDir, run.TruthDir, symbol);
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task WhenUtcMidnightPasses_RowsSplitIntoTheirOwnDays(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT"], o => o with
        {
            Seed = 11,
            DefaultEventsPerSecond = 5,
            ClockSpeed = 20,
            StartTime = new DateTimeOffset(2026, 1, 1, 23, 58, 30, TimeSpan.Zero), // midnight ~4.5 s in
        }, streams: "[aggtrade, depth]", ct: ct);
        var ws = run.Workspace;
        await Eventually.UntilAsync(
            () => Recorded.Files(ws.DataDir, "BTCUSDT", "aggtrade").Length == 2
                && Recorded.Rows(ws.DataDir, "BTCUSDT", "aggtrade").Count(r => long.Parse(r[5], CultureInfo.InvariantCulture) >= Midnight) > 10,
            TimeSpan.FromSeconds(60), "aggtrade files of both days with rows after midnight", () => run.Streamer.Output);

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(20));

        foreach (var info in new[] { StreamCatalog.AggTrade, StreamCatalog.Depth })
        {
            var (stream, timeColumn) = (info.ConfigName, info.Columns.ToList().IndexOf(info.DayColumn));
            var files = Recorded.Files(ws.DataDir, "BTCUSDT", stream);
            Assert.That(files.Select(Path.GetFileName), Is.EqualTo(new[] { $"{stream}_BTCUSDT_20260101.csv", $"{stream}_BTCUSDT_20260102.csv" }));
            foreach (var file in files)
            {
                var day = Path.GetFileNameWithoutExtension(file)[^8..];
                var rows = Recorded.ReadCompleteLines(file).Skip(1).Select(l => l.Split(',')).ToList();
                Assert.That(rows, Is.Not.Empty, file);
                Assert.That(rows.Select(r => StreamCatalog.UtcDay(long.Parse(r[timeColumn], CultureInfo.InvariantCulture)).ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
                    Is.All.EqualTo(day), $"{file}: every row's exchange time is in the file's day");
            }
        }

        GroundTruthCheck.AggTradesComplete(ws.DataDir, ws.TruthDir, "BTCUSDT");
    }

    [Test, CancelAfter(120_000)]
    public async Task SigtermToEveryProcessAtOnce_LosesNothingReceived(CancellationToken ct)
    {
        // What a terminal, `timeout` or a container stop does: the whole process group gets SIGTERM together,
        // so the writer is asked to stop while workers still hand over their last rows. The market keeps
        // running: what a worker received before it stopped must all be on disk, without a hole.
        await using var run = await Recording.StartAsync(Symbols, o => o with { DefaultEventsPerSecond = 200 }, streams: "[aggtrade, depth]", ct: ct);
        await run.WaitForMoreTradesAsync(50, TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Symbols.All(s => Recorded.RowCount(run.DataDir, s, "depth") > 0), TimeSpan.FromSeconds(30),
            "depth rows of every symbol", () => run.Streamer.Output);

        foreach (var process in ProcessTree.Mentioning(run.Workspace.Root).Append(new ProcessTree.ProcInfo(run.Streamer.Pid, 0, [])))
        {
            Signals.Send(process.Pid, Signals.SigTerm);
        }

        Assert.That(await run.Streamer.WaitForExitAsync(TimeSpan.FromSeconds(40)), Is.True, run.Streamer.Output);
        Assert.That(run.Streamer.ExitCode, Is.EqualTo(0), run.Streamer.Output);
        Assert.That(run.Streamer.StdErr.Where(l => l.Contains("did not acknowledge", StringComparison.Ordinal)), Is.Empty,
            "a worker stopped with rows the writer never wrote");
        foreach (var symbol in Symbols)
        {
            GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, symbol, throughLastGenerated: false);
            GroundTruthCheck.DepthComplete(run.DataDir, run.TruthDir, symbol, throughLastGenerated: false);
        }
    }
}
