using NUnit.Framework;
using Streamer.Core.Streams;
using Streamer.History.Tests.Support;

namespace Streamer.History.Tests;

/// <summary>download in-process: monthly archives, the fall back to days, a dropped connection, a malformed dump, bad usage.</summary>
[TestFixture]
public sealed class DownloadTests
{
    private static readonly DateTimeOffset Now = new(2021, 7, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task WholePastMonth_ComesFromTheMonthlyArchive_AndFallsBackToDaysWhenItIsNotPublished()
    {
        using var ws = new Workspace();
        var june = Enumerable.Range(1, 30).Select(d => new DateOnly(2021, 6, d)).ToList();
        ws.Dumps.Publish(DumpTree.MonthlyPath("aggTrades", RealRows.Symbol, 2021, 6), june.SelectMany(d => RealRows.AggTrades(d)), DumpTree.AggTradesHeader);
        foreach (var day in june)
        {
            ws.Dumps.Publish(DumpTree.DailyPath("klines", RealRows.Symbol, day), RealRows.Klines(day), DumpTree.KlinesHeader);
        }

        using var server = StaticHttpServer.Start(ws.Dumps.Root);

        var run = await HistoryRun.StartAsync(ws, server.BaseUrl, Now, "download", "--symbols", RealRows.Symbol, "--from", "2021-06-01", "--to", "2021-06-30");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        foreach (var day in june)
        {
            DownloadEndToEndTests.AssertAggTradesEqualDump(ws.DayFile(StreamCatalog.AggTrade, day), RealRows.AggTrades(day));
            DownloadEndToEndTests.AssertKlinesEqualDump(ws.DayFile(StreamCatalog.Kline1m, day), RealRows.Klines(day));
        }

        var paths = server.Requests.Select(r => r.Path).ToList();
        Assert.That(paths.Count(p => p.Contains("/daily/aggTrades/", StringComparison.Ordinal)), Is.Zero, "one monthly archive instead of 30 days");
        Assert.That(paths, Does.Contain(DumpTree.MonthlyPath("klines", RealRows.Symbol, 2021, 6) + ".CHECKSUM"), "the monthly klines were asked for first");
        Assert.That(paths.Count(p => p.Contains("/daily/klines/", StringComparison.Ordinal) && p.EndsWith(".zip", StringComparison.Ordinal)), Is.EqualTo(30));
    }

    [Test]
    public async Task ConnectionDroppedMidArchive_IsResumedWithARangeInTheSameRun()
    {
        using var ws = new Workspace();
        var day = new DateOnly(2021, 7, 20);
        var path = DumpTree.DailyPath("aggTrades", RealRows.Symbol, day);
        var zip = ws.Dumps.Publish(path, RealRows.AggTrades(day), DumpTree.AggTradesHeader);
        using var server = StaticHttpServer.Start(ws.Dumps.Root);
        server.InterruptNext(path, zip.Length / 3);

        var run = await HistoryRun.StartAsync(ws, server.BaseUrl, Now, "download", "--data", "aggTrades", "--from", "2021-07-20", "--to", "2021-07-20");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(server.Requests.Where(r => r.Path == path).Select(r => r.Range), Does.Contain($"bytes={zip.Length / 3}-"));
        DownloadEndToEndTests.AssertAggTradesEqualDump(ws.DayFile(StreamCatalog.AggTrade, day), RealRows.AggTrades(day));
    }

    [Test]
    public async Task DumpThatDoesNotReadAsExpected_IsRefused_AndNothingIsWritten()
    {
        using var ws = new Workspace();
        var day = new DateOnly(2021, 7, 20);
        var rows = RealRows.AggTrades(day).ToList();
        rows[5] = rows[5][..6];
        ws.Dumps.Publish(DumpTree.DailyPath("aggTrades", RealRows.Symbol, day), rows, DumpTree.AggTradesHeader);
        using var server = StaticHttpServer.Start(ws.Dumps.Root);

        var run = await HistoryRun.StartAsync(ws, server.BaseUrl, Now, "download", "--data", "aggTrades", "--from", "2021-07-20", "--to", "2021-07-20");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Output, Does.Contain("line 7: 6 fields"));
        Assert.That(ws.Snapshot(), Is.Empty);
    }

    [TestCase("download --from 2021-02-30", "--from needs a UTC day as YYYY-MM-DD")]
    [TestCase("download --from 2021-07-01 --data aggTrades,trades", "unknown data type \"trades\"; allowed: aggTrades, klines, bookTicker")]
    [TestCase("download --from 2021-07-01 --to 2021-07-25", "the last day there can be is 2021-07-24")]
    [TestCase("download --from 2021-07-10 --to 2021-07-01", "--from 2021-07-10 is after --to 2021-07-01")]
    [TestCase("download --to 2021-07-01", "download needs --from")]
    [TestCase("download --from 2021-07-01 --symbols btc-usdt", "\"BTC-USDT\" is not a symbol")]
    [TestCase("repair", "Unrecognized command or argument 'repair'")]
    [TestCase("fill --parallel 0", "--parallel needs a number from 1 to 16")]
    public async Task BadInput_IsExplained_WithExitCode2(string args, string message)
    {
        using var ws = new Workspace();

        var run = await HistoryRun.StartAsync(ws, "http://127.0.0.1:9/", Now, args.Split(' '));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.StartWith("history: ").And.Contain(message).And.Contain("Run 'streamer history --help' for usage."));
    }
}
