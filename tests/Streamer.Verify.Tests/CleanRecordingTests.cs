using NUnit.Framework;
using Streamer.Core.Streams;

namespace Streamer.Verify.Tests;

public class CleanRecordingTests
{
    [Test]
    public async Task CleanGeneratedDay_PassesWithExitZero()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        data.Write(StreamCatalog.AggTrade, day, Recording.AggTrades(day, 1000, 500));
        data.Write(StreamCatalog.DepthSnapshot, day, Recording.Snapshot(day, 100));
        data.Write(StreamCatalog.Depth, day, Recording.Depth(day, Recording.Chain(95, 40)));
        data.Write(StreamCatalog.BookTicker, day, ["7,65000.1,1.2,65000.2,0.8," + Recording.Ms(day, 1) + "," + Recording.Ms(day, 1) + "," + Recording.Ms(day, 1) * 1000]);
        data.Write(StreamCatalog.Events, day, [Recording.Event(day, 1, "aggtrade", "reconnect", null, null, "market route reconnected after 1.2s")]);

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("aggtrade").And.Contain("2026-05-01").And.Contain("500"));
        Assert.That(run.Output, Does.Contain("clean"));
        Assert.That(run.Output, Does.Not.Contain("FAIL"));
    }

    [Test]
    public async Task TableRow_ShowsRowsAndTimeSpan()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 61));

        var run = await VerifyRun.StartAsync(data.Path);

        var row = run.Output.Split('\n').Single(l => l.StartsWith("BTCUSDT", StringComparison.Ordinal) && l.Contains("aggtrade", StringComparison.Ordinal));
        Assert.That(row, Does.Contain("61").And.Contain("00:00:00.000-00:01:00.000").And.EndWith("ok"));
    }

    [Test]
    public async Task CompressedDay_IsReadLikeACsv()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 300).Where((_, i) => i is < 100 or >= 110), gzip: true);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(day.GetProperty("rows").GetInt64(), Is.EqualTo(290));
        Assert.That(day.GetProperty("files")[0].GetString(), Does.EndWith(".csv.gz"));
        var gap = day.GetProperty("gaps")[0];
        Assert.That((gap.GetProperty("from").GetInt64(), gap.GetProperty("to").GetInt64()), Is.EqualTo((101L, 110L)));
    }

    [Test]
    public async Task CompressedDayWithLateRowsCsv_ReadsBothInOrder()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100), gzip: true);
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 101, 5, startSecond: 86_000));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.Zero);
        Assert.That(day.GetProperty("rows").GetInt64(), Is.EqualTo(105));
        Assert.That(day.GetProperty("files").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task OrderBookFile_HeaderWidthFollowsConfiguredDepth()
    {
        using var data = new Recording();
        var t = Recording.Ms(Recording.Day1, 3);
        data.Write(StreamCatalog.OrderBook, Recording.Day1, [$"{t * 1000},55,{t},1.0,2,1.1,3,0.9,4,1.2,5"], header: StreamCatalog.OrderBookHeader(2));

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
    }

    [Test]
    public async Task EventsFile_CountsKindsAndReadsQuotedDetail()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        data.Write(StreamCatalog.Events, day,
        [
            Recording.Event(day, 1, "depth", "disconnect", null, null, "closed by server, code 1006 \"abnormal\""),
            Recording.Event(day, 2, "depth", "reconnect", null, null, "line one\nline two"),
            Recording.Event(day, 3, "depth", "reconnect", null, null, "again"),
        ]);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var events = VerifyRun.Day(report, "events", day);
        Assert.That(code, Is.Zero);
        Assert.That(events.GetProperty("rows").GetInt64(), Is.EqualTo(3));
        Assert.That(events.GetProperty("events").GetProperty("reconnect").GetInt64(), Is.EqualTo(2));
        Assert.That(events.GetProperty("events").GetProperty("disconnect").GetInt64(), Is.EqualTo(1));
    }
}
