using NUnit.Framework;
using Streamer.Core.Streams;

namespace Streamer.Verify.Tests;

/// <summary><c>streamer verify --missing-days</c>: the days without a file, per symbol and stream, from the directory alone.</summary>
[TestFixture]
public sealed class MissingDaysTests
{
    [Test]
    public async Task DaysWithoutAFile_BetweenTheFirstAndLastRecordedDay_AreListedPerStream()
    {
        using var rec = new Recording();
        var first = new DateOnly(2026, 4, 1);
        foreach (var day in new[] { first, first.AddDays(1), first.AddDays(5) })
        {
            rec.Write(StreamCatalog.AggTrade, day, Recording.AggTrades(day, 100, 3));
        }

        rec.Write(StreamCatalog.Kline1m, first, []);
        rec.Write(StreamCatalog.Kline1m, first.AddDays(1), []);
        // A file that is not even valid does not count as missing: --missing-days reads no file.
        rec.Write(StreamCatalog.AggTrade, first.AddDays(3), ["garbage"]);

        var run = await VerifyRun.StartAsync(rec.Path, "--missing-days");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output + run.Error);
        Assert.That(run.Output, Does.Contain("BTCUSDT  aggtrade  2026-04-03").And.Contain("BTCUSDT  aggtrade  2026-04-05"));
        Assert.That(run.Output, Does.Not.Contain("2026-04-04").And.Not.Contain("BTCUSDT  kline_1m"));
        Assert.That(run.Output, Does.Contain("2 missing day(s) in 1 symbol(s)"));

        var (_, json) = await VerifyRun.JsonAsync(rec.Path, "--missing-days");
        Assert.That(json.GetProperty("missing_days_total").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task NoMissingDay_ExitsZero()
    {
        using var rec = new Recording();
        rec.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 100, 3));

        var run = await VerifyRun.StartAsync(rec.Path, "--missing-days", "BTCUSDT");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(run.Output, Does.Contain("no missing days"));
    }
}

/// <summary>Rows that came from Binance's dumps (<c>streamer history</c>) have no receive time: still clean.</summary>
[TestFixture]
public sealed class DumpRowsTests
{
    [Test]
    public async Task RowsWithoutTheRecordersOwnTimes_AreNotMalformed()
    {
        using var rec = new Recording();
        var t = Recording.Ms(Recording.Day1, 10);
        rec.Write(StreamCatalog.AggTrade, Recording.Day1, [$"100,1.5,2,7,8,{t},true,,", $"101,1.5,2,9,9,{t + 5},false,{t + 6},{(t + 6) * 1000}"]);
        rec.Write(StreamCatalog.Kline1m, Recording.Day1, [$"{t / 60000 * 60000},1,1,1,1,0,{(t / 60000 * 60000) + 59999},0,0,0,0,true,,"]);

        var run = await VerifyRun.StartAsync(rec.Path, "--date", "2026-05-01");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
    }
}
