using NUnit.Framework;
using Streamer.Core.Streams;

namespace Streamer.Verify.Tests;

public class AggTradeContinuityTests
{
    [Test]
    public async Task LinesDeletedFromAggTrade_GapFoundWithExactRangeAndLines()
    {
        using var data = new Recording();
        // Ids 1000..1499; rows of ids 1200..1234 deleted.
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1000, 500).Where((_, i) => i is < 200 or >= 235));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(day.GetProperty("status").GetString(), Is.EqualTo("fail"));
        Assert.That(day.GetProperty("gaps_total").GetInt64(), Is.EqualTo(1));
        var gap = day.GetProperty("gaps")[0];
        Assert.That(gap.GetProperty("from").GetInt64(), Is.EqualTo(1200));
        Assert.That(gap.GetProperty("to").GetInt64(), Is.EqualTo(1234));
        Assert.That(gap.GetProperty("missing").GetInt64(), Is.EqualTo(35));
        Assert.That(gap.GetProperty("reported").GetBoolean(), Is.False);
        // Header is line 1, id 1199 is line 201, id 1235 follows it on line 202.
        Assert.That(gap.GetProperty("before").GetProperty("line").GetInt64(), Is.EqualTo(201));
        Assert.That(gap.GetProperty("after").GetProperty("line").GetInt64(), Is.EqualTo(202));
    }

    [Test]
    public async Task Gap_TableDetailsNameTheRange()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 50).Where((_, i) => i != 9));

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("ids 10..10 missing (1)").And.Contain("not reported in events").And.Contain("FAIL"));
    }

    [Test]
    public async Task DuplicateId_IsFoundAtItsLine()
    {
        using var data = new Recording();
        var rows = Recording.AggTrades(Recording.Day1, 1, 20).ToList();
        rows.Insert(10, rows[9]); // id 10 written twice: lines 11 and 12
        data.Write(StreamCatalog.AggTrade, Recording.Day1, rows);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(day.GetProperty("gaps_total").GetInt64(), Is.Zero);
        Assert.That(day.GetProperty("duplicates_total").GetInt64(), Is.EqualTo(1));
        var duplicate = day.GetProperty("duplicates")[0];
        Assert.That(duplicate.GetProperty("id").GetInt64(), Is.EqualTo(10));
        Assert.That(duplicate.GetProperty("at").GetProperty("line").GetInt64(), Is.EqualTo(12));
    }

    [Test]
    public async Task GapAcrossMidnight_FoundBetweenYesterdaysLastAndTodaysFirstId()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100, startSecond: 86_000));
        data.Write(StreamCatalog.AggTrade, Recording.Day2, Recording.AggTrades(Recording.Day2, 108, 100));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(VerifyRun.Day(report, "aggtrade", Recording.Day1).GetProperty("gaps_total").GetInt64(), Is.Zero);
        var gap = VerifyRun.Day(report, "aggtrade", Recording.Day2).GetProperty("gaps")[0];
        Assert.That((gap.GetProperty("from").GetInt64(), gap.GetProperty("to").GetInt64()), Is.EqualTo((101L, 107L)));
        Assert.That(gap.GetProperty("before").GetProperty("file").GetString(), Does.EndWith("aggtrade_BTCUSDT_20260501.csv"));
        Assert.That(gap.GetProperty("after").GetProperty("line").GetInt64(), Is.EqualTo(2));
    }

    [Test]
    public async Task GapAcrossMidnight_FoundWhenOnlyTheSecondDayIsSelected()
    {
        using var data = new Recording();
        // Big enough that only its tail is read.
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 20_000));
        data.Write(StreamCatalog.AggTrade, Recording.Day2, Recording.AggTrades(Recording.Day2, 20_003, 10));

        var (code, report) = await VerifyRun.JsonAsync(data.Path, "--date", "2026-05-02");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(report.GetProperty("days").GetArrayLength(), Is.EqualTo(1));
        var gap = VerifyRun.Day(report, "aggtrade", Recording.Day2).GetProperty("gaps")[0];
        Assert.That((gap.GetProperty("from").GetInt64(), gap.GetProperty("to").GetInt64()), Is.EqualTo((20_001L, 20_002L)));
    }

    [Test]
    public async Task ContinuousAcrossMidnight_WithDateSelected_IsClean()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 20_000));
        data.Write(StreamCatalog.AggTrade, Recording.Day2, Recording.AggTrades(Recording.Day2, 20_001, 10));

        var run = await VerifyRun.StartAsync(data.Path, "--date", "2026-05-02");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
    }

    [Test]
    public async Task GapCoveredByEventsGapRow_IsReportedButNotAFailure()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100).Where((_, i) => i is < 40 or >= 50));
        data.Write(StreamCatalog.Events, Recording.Day1, [Recording.Event(Recording.Day1, 60, "aggtrade", "gap", 41, 50, "the exchange no longer serves these over REST")]);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.Zero);
        Assert.That(day.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(day.GetProperty("gaps_total").GetInt64(), Is.EqualTo(1));
        Assert.That(day.GetProperty("gaps_reported").GetInt64(), Is.EqualTo(1));
        var gap = day.GetProperty("gaps")[0];
        Assert.That(gap.GetProperty("reported").GetBoolean(), Is.True);
        Assert.That(gap.GetProperty("reported_by").GetString(), Does.Contain("events gap 41..50"));
    }

    [Test]
    public async Task GapReportedOnALaterDay_StillCounts()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100).Where((_, i) => i is < 40 or >= 50));
        data.Write(StreamCatalog.Events, Recording.Day2, [Recording.Event(Recording.Day2, 60, "aggtrade", "gap", 41, null, "end unknown")]);

        var run = await VerifyRun.StartAsync(data.Path, "--date", "2026-05-01");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("reported gap"));
    }

    [Test]
    public async Task GapOnlyPartlyCoveredByEvents_FailsNamingTheUnreportedPart()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100).Where((_, i) => i is < 40 or >= 50));
        data.Write(StreamCatalog.Events, Recording.Day1, [Recording.Event(Recording.Day1, 60, "aggtrade", "backfill", 41, 45, "5 trades fetched over REST after reconnect")]);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var gap = VerifyRun.Day(report, "aggtrade", Recording.Day1).GetProperty("gaps")[0];
        Assert.That(code, Is.EqualTo(1));
        Assert.That(gap.GetProperty("reported").GetBoolean(), Is.False);
        Assert.That(gap.GetProperty("unreported")[0].EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new[] { 46L, 50L }));
    }

    [Test]
    public async Task EventsRowOfAnotherStream_DoesNotCoverAnAggTradeGap()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100).Where((_, i) => i != 50));
        data.Write(StreamCatalog.Events, Recording.Day1, [Recording.Event(Recording.Day1, 60, "kline_1m", "gap", 51, 51, "other stream")]);

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task MissingClosedCandle_IsAKlineGap()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        var rows = Enumerable.Range(0, 10).Where(m => m != 4).Select(m =>
        {
            var open = Recording.Ms(day, m * 60);
            var close = open + 59_999;
            return $"{open},1,2,0.5,1.5,10,{close},15,7,5,7.5,true,{close + 10},{(close + 20) * 1000}";
        });
        data.Write(StreamCatalog.Kline1m, day, rows);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var gap = VerifyRun.Day(report, "kline_1m", day).GetProperty("gaps")[0];
        Assert.That(code, Is.EqualTo(1));
        Assert.That(gap.GetProperty("from").GetInt64(), Is.EqualTo(Recording.Ms(day, 240)));
        Assert.That(gap.GetProperty("missing").GetInt64(), Is.EqualTo(1));
    }
}
