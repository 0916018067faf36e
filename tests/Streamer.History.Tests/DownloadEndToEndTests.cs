using NUnit.Framework;
using Streamer.Core.Streams;
using Streamer.History.Tests.Support;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.History.Tests;

/// <summary>
/// The real executable against a dump server that has nothing to do with the product: a static HTTP
/// server over zips this test builds from real Binance rows, with one day missing (404) and one whose
/// CHECKSUM is wrong.
/// </summary>
[TestFixture]
public sealed class DownloadEndToEndTests
{
    private static readonly DateOnly Good1 = new(2021, 7, 20);
    private static readonly DateOnly Missing = new(2021, 7, 21);
    private static readonly DateOnly BadChecksum = new(2021, 7, 22);
    private static readonly DateOnly Good2 = new(2021, 7, 23);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task GoodDaysEqualTheDump_BadDaysNamedAndNotWritten_RerunChangesNothing_FixedChecksumAddsThatDay()
    {
        using var ws = new Workspace();
        foreach (var day in new[] { Good1, BadChecksum, Good2 })
        {
            // Recent dumps have a header; older ones none and Python booleans (Good2).
            var header = day != Good2;
            ws.Dumps.Publish(DumpTree.DailyPath("aggTrades", RealRows.Symbol, day), RealRows.AggTrades(day, pythonBooleans: !header), header ? DumpTree.AggTradesHeader : null);
            ws.Dumps.Publish(DumpTree.DailyPath("klines", RealRows.Symbol, day), RealRows.Klines(day), header ? DumpTree.KlinesHeader : null);
        }

        ws.Dumps.CorruptChecksum(DumpTree.DailyPath("aggTrades", RealRows.Symbol, BadChecksum));
        ws.Dumps.CorruptChecksum(DumpTree.DailyPath("klines", RealRows.Symbol, BadChecksum));
        using var server = StaticHttpServer.Start(ws.Dumps.Root);
        ws.WriteConfig(server.BaseUrl);
        string[] args = ["-c", ws.ConfigPath, "history", "download", "--symbols", RealRows.Symbol, "--data", "aggTrades,klines",
            "--from", "2021-07-20", "--to", "2021-07-23", "--retries", "1"];

        var (exit, stdout, stderr) = await StreamerProcess.RunAsync(ws.Root, Timeout, args);

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stdout, Does.Contain("2021-07-21").And.Contain("MISSING UPSTREAM"), stdout);
        Assert.That(stdout, Does.Contain("2021-07-22").And.Contain("BAD CHECKSUM"), stdout);
        Assert.That(stdout, Does.Contain($"{RealRows.Symbol} aggTrades 2021-07-21 (MISSING UPSTREAM)").And.Contain($"{RealRows.Symbol} aggTrades 2021-07-22 (BAD CHECKSUM)"), stdout);
        foreach (var day in new[] { Good1, Good2 })
        {
            AssertAggTradesEqualDump(ws.DayFile(StreamCatalog.AggTrade, day), RealRows.AggTrades(day));
            AssertKlinesEqualDump(ws.DayFile(StreamCatalog.Kline1m, day), RealRows.Klines(day));
        }

        var written = ws.Snapshot();
        Assert.That(written.Keys, Is.EquivalentTo(new[] { Good1, Good2 }.SelectMany(d => new[]
        {
            Path.Combine(RealRows.Symbol, StreamCatalog.FileName(StreamCatalog.AggTrade, RealRows.Symbol, d)),
            Path.Combine(RealRows.Symbol, StreamCatalog.FileName(StreamCatalog.Kline1m, RealRows.Symbol, d)),
        })), "nothing but the good days' files (no half-written or temporary file)");

        var (rerunExit, rerunOut, _) = await StreamerProcess.RunAsync(ws.Root, Timeout, args);
        Assert.That(rerunExit, Is.EqualTo(1), rerunOut);
        AssertUnchanged(written, ws.Snapshot());

        ws.Dumps.FixChecksum(DumpTree.DailyPath("aggTrades", RealRows.Symbol, BadChecksum));
        ws.Dumps.FixChecksum(DumpTree.DailyPath("klines", RealRows.Symbol, BadChecksum));
        var (fixedExit, fixedOut, _) = await StreamerProcess.RunAsync(ws.Root, Timeout, args);

        Assert.That(fixedExit, Is.EqualTo(1), "2021-07-21 is still missing upstream\n" + fixedOut);
        var after = ws.Snapshot();
        Assert.That(after.Keys.Except(written.Keys), Is.EquivalentTo(new[]
        {
            Path.Combine(RealRows.Symbol, StreamCatalog.FileName(StreamCatalog.AggTrade, RealRows.Symbol, BadChecksum)),
            Path.Combine(RealRows.Symbol, StreamCatalog.FileName(StreamCatalog.Kline1m, RealRows.Symbol, BadChecksum)),
        }));
        AssertUnchanged(written, after.Where(f => written.ContainsKey(f.Key)).ToDictionary());
        AssertAggTradesEqualDump(ws.DayFile(StreamCatalog.AggTrade, BadChecksum), RealRows.AggTrades(BadChecksum));
    }

    [Test]
    public async Task KilledMidArchive_LeavesNoDay_AndTheNextRunResumesWithARange()
    {
        using var ws = new Workspace();
        var path = DumpTree.DailyPath("aggTrades", RealRows.Symbol, Good1);
        var zip = ws.Dumps.Publish(path, RealRows.AggTrades(Good1), DumpTree.AggTradesHeader);
        using var server = StaticHttpServer.Start(ws.Dumps.Root);
        var half = zip.Length / 2;
        var never = new TaskCompletionSource();
        server.InterruptNext(path, half, never.Task);
        string[] args = ["-c", ws.ConfigPath, "history", "download", "--base-url", server.BaseUrl, "--data", "aggTrades", "--from", "2021-07-20", "--to", "2021-07-20"];
        var part = Path.Combine(ws.DataDir, ".history", "downloads", path.Replace('/', Path.DirectorySeparatorChar) + ".part");

        using (var first = StreamerProcess.Start(ws.Root, args))
        {
            await Eventually.UntilAsync(() => File.Exists(part) && new FileInfo(part).Length == half, Timeout, "half of the archive on disk", () => first.Output);
            first.Kill();
            await first.WaitForExitAsync(Timeout);
        }

        never.SetResult();
        Assert.That(File.Exists(ws.DayFile(StreamCatalog.AggTrade, Good1)), Is.False, "no day file from half an archive");
        Assert.That(ws.Snapshot(), Is.Empty, "nothing in the data directory but the resumable part");

        var (exit, stdout, stderr) = await StreamerProcess.RunAsync(ws.Root, Timeout, args);

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(server.Requests.Where(r => r.Path == path).Select(r => r.Range), Does.Contain($"bytes={half}-"), "the second run asked only for the rest");
        AssertAggTradesEqualDump(ws.DayFile(StreamCatalog.AggTrade, Good1), RealRows.AggTrades(Good1));
        Assert.That(File.Exists(part), Is.False, "the part is removed once the day is written");
    }

    /// <summary>Every row's dump fields byte for byte, in the dump's order; the recorder's own times empty.</summary>
    internal static void AssertAggTradesEqualDump(string file, IReadOnlyList<string[]> dump)
    {
        var lines = File.ReadAllLines(file);
        Assert.That(lines[0], Is.EqualTo(StreamCatalog.AggTrade.Header));
        Assert.That(lines.Length - 1, Is.EqualTo(dump.Count), "row count");
        for (var i = 0; i < dump.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.That(fields, Has.Length.EqualTo(StreamCatalog.AggTrade.Columns.Count));
            Assert.That(fields.Take(7), Is.EqualTo(dump[i].Select(f => f is "True" ? "true" : f is "False" ? "false" : f)), $"row {i + 1}");
            Assert.That(fields.Skip(7), Is.All.Empty, "event_time and local_time_us are not in the dump");
        }
    }

    internal static void AssertKlinesEqualDump(string file, IReadOnlyList<string[]> dump)
    {
        var lines = File.ReadAllLines(file);
        Assert.That(lines[0], Is.EqualTo(StreamCatalog.Kline1m.Header));
        Assert.That(lines.Length - 1, Is.EqualTo(dump.Count), "row count");
        for (var i = 0; i < dump.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.That(fields.Take(11), Is.EqualTo(dump[i].Take(11)), $"row {i + 1}");
            Assert.That(fields.Skip(11), Is.EqualTo(new[] { "true", "", "" }), "is_closed, then no event_time or local_time_us");
        }
    }

    private static void AssertUnchanged(Dictionary<string, (byte[] Bytes, DateTime Written)> before, Dictionary<string, (byte[] Bytes, DateTime Written)> after)
    {
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach (var (file, (bytes, written)) in before)
        {
            Assert.That(after[file].Bytes, Is.EqualTo(bytes), file);
            Assert.That(after[file].Written, Is.EqualTo(written), file + " was rewritten");
        }
    }
}
