using System.Globalization;
using NUnit.Framework;
using Streamer.Core.Streams;
using Streamer.History.Tests.Support;

namespace Streamer.History.Tests;

/// <summary>fill: what verify finds missing in a live recording comes from the dump, and nothing else changes.</summary>
[TestFixture]
public sealed class FillTests
{
    private static readonly DateOnly Day = new(2021, 7, 20);
    private static readonly DateTimeOffset Later = new(2021, 7, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task MissingIdRange_IsInsertedInPlace_LiveRowsKeptAsTheyAre_NoDuplicates()
    {
        using var ws = new Workspace();
        var dump = RealRows.AggTrades(Day);
        ws.Dumps.Publish(DumpTree.DailyPath("aggTrades", RealRows.Symbol, Day), dump, DumpTree.AggTradesHeader);
        var live = LiveRows(dump).ToList();
        // An outage lost ten ids in the middle of the day, and REST could not serve them back.
        var recorded = live.Take(10).Concat(live.Skip(20)).ToList();
        WriteDay(ws.DayFile(StreamCatalog.AggTrade, Day), recorded);
        using var server = StaticHttpServer.Start(ws.Dumps.Root);

        var run = await HistoryRun.StartAsync(ws, server.BaseUrl, Later, "fill", "--data", "aggTrades");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("only closed days are touched"));
        var lines = File.ReadAllLines(ws.DayFile(StreamCatalog.AggTrade, Day));
        Assert.That(lines[0], Is.EqualTo(StreamCatalog.AggTrade.Header));
        var rows = lines.Skip(1).ToList();
        Assert.That(rows, Has.Count.EqualTo(dump.Count));
        Assert.That(rows.Select(Id), Is.EqualTo(dump.Select(d => long.Parse(d[0], CultureInfo.InvariantCulture))), "every id once, in order");
        Assert.That(rows.Take(10).Concat(rows.Skip(20)), Is.EqualTo(recorded), "recorded rows byte for byte, with their event_time and local_time_us");
        Assert.That(rows.Skip(10).Take(10), Is.EqualTo(dump.Skip(10).Take(10).Select(d => string.Join(',', d) + ",,")), "exactly the missing range, from the dump");
        var filled = File.GetLastWriteTimeUtc(ws.DayFile(StreamCatalog.AggTrade, Day));

        var again = await HistoryRun.StartAsync(ws, server.BaseUrl, Later, "fill", "--data", "aggTrades");

        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Output, Does.Contain("0 day(s)"), "verify finds nothing missing any more");
        Assert.That(File.GetLastWriteTimeUtc(ws.DayFile(StreamCatalog.AggTrade, Day)), Is.EqualTo(filled));
    }

    [Test]
    public async Task MissingDayBetweenRecordedDays_IsWrittenWhole()
    {
        using var ws = new Workspace();
        var days = new[] { Day, Day.AddDays(1), Day.AddDays(2) };
        foreach (var day in days)
        {
            ws.Dumps.Publish(DumpTree.DailyPath("klines", RealRows.Symbol, day), RealRows.Klines(day), DumpTree.KlinesHeader);
        }

        // Real dumps have a candle for every minute; these have one per day, so verify also sees the
        // minutes in between as missing, which no dump has: they are reported, not invented.
        WriteDay(ws.DayFile(StreamCatalog.Kline1m, days[0]), RealRows.Klines(days[0]).Select(k => string.Join(',', k.Take(11)) + ",true,1,2"));
        WriteDay(ws.DayFile(StreamCatalog.Kline1m, days[2]), RealRows.Klines(days[2]).Select(k => string.Join(',', k.Take(11)) + ",true,1,2"));
        using var server = StaticHttpServer.Start(ws.Dumps.Root);

        var run = await HistoryRun.StartAsync(ws, server.BaseUrl, Later, "fill", "--data", "klines");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        DownloadEndToEndTests.AssertKlinesEqualDump(ws.DayFile(StreamCatalog.Kline1m, days[1]), RealRows.Klines(days[1]));
        Assert.That(run.Output, Does.Contain("2021-07-21  filled"));
    }

    [Test]
    public async Task DayTheRecorderMayStillWrite_IsNotTouched_AndSaysSo()
    {
        using var ws = new Workspace();
        var dump = RealRows.AggTrades(Day);
        ws.Dumps.Publish(DumpTree.DailyPath("aggTrades", RealRows.Symbol, Day), dump, DumpTree.AggTradesHeader);
        var recorded = LiveRows(dump).Where((_, i) => i != 5).ToList();
        var file = ws.DayFile(StreamCatalog.AggTrade, Day);
        WriteDay(file, recorded);
        var before = File.ReadAllBytes(file);
        using var server = StaticHttpServer.Start(ws.Dumps.Root);

        // Five minutes after midnight: the writer keeps yesterday open for storage.close_grace (10 minutes).
        var run = await HistoryRun.StartAsync(ws, server.BaseUrl, new DateTimeOffset(2021, 7, 21, 0, 5, 0, TimeSpan.Zero), "fill", "--data", "aggTrades");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("open, skipped").And.Contain("fill it after 2021-07-21 00:10 UTC"));
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(before));
        Assert.That(server.Requests, Is.Empty, "nothing fetched for a day that is not filled");
    }

    /// <summary>The dump's rows as the recorder writes them live: with an event time and a local receive time.</summary>
    private static IEnumerable<string> LiveRows(IEnumerable<string[]> dump) =>
        dump.Select(d =>
        {
            var t = long.Parse(d[5], CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{string.Join(',', d)},{t + 3},{(t * 1000) + 4321}");
        });

    private static void WriteDay(string path, IEnumerable<string> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var header = path.Contains("kline_1m", StringComparison.Ordinal) ? StreamCatalog.Kline1m.Header : StreamCatalog.AggTrade.Header;
        File.WriteAllText(path, header + "\n" + string.Concat(rows.Select(r => r + "\n")));
    }

    private static long Id(string row) => long.Parse(row[..row.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
}
