using System.IO.Compression;
using Streamer.Core.Streams;
using Streamer.Writer.Durability;
using Streamer.Core.Storage;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>Closing finished days and gzipping them atomically.</summary>
public class CompressionTests
{
    [Test]
    public async Task WhenTheDayIsOverAndGraceHasPassed_TheFileIsClosedAndReplacedByItsGzip()
    {
        var clock = new ShiftableTime(Day1.AddHours(12));
        await using var h = new WriterHarness(o => o with { Time = clock, Compress = true, CloseGrace = TimeSpan.FromMinutes(1) });
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1)) + AggTrade(2, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);
        var csv = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1);
        var gz = csv + ".gz";

        clock.SetNow(Day1.AddDays(1).AddSeconds(30)); // after midnight, within grace: stays open
        await Eventually.WaitAsync(() => h.LastStatus?.Counters["files_open"] == 1, "status published");
        Assert.That(File.Exists(gz), Is.False);

        clock.SetNow(Day1.AddDays(1).AddMinutes(2));
        await Eventually.WaitAsync(() => File.Exists(gz) && !File.Exists(csv), "gzip replaces the csv");
        Assert.That(Gunzip(gz), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTrade(1, Ms(Day1)) + AggTrade(2, Ms(Day1))));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(csv)!, "*.tmp"), Is.Empty);
        await Eventually.WaitAsync(() => h.LastStatus?.Counters["files_open"] == 0, "closed");
    }

    [Test]
    public async Task ALateRowAfterCompression_IsMergedIntoTheGzip_WithOneHeader()
    {
        var clock = new ShiftableTime(Day1.AddDays(1).AddHours(1));
        await using var h = new WriterHarness(o => o with { Time = clock, Compress = true, CloseGrace = TimeSpan.FromMinutes(1) });
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        var csv = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1);
        var gz = csv + ".gz";
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);
        Assert.That(File.Exists(csv), Is.True, "a file that just got rows stays open a little while");
        clock.SetNow(Day1.AddDays(1).AddHours(2)); // idle long enough
        await Eventually.WaitAsync(() => File.Exists(gz) && !File.Exists(csv), "first compression");

        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(2, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);
        clock.SetNow(Day1.AddDays(1).AddHours(3));
        await Eventually.WaitAsync(() => !File.Exists(csv) && Gunzip(gz).Contains(AggTrade(2, Ms(Day1)), StringComparison.Ordinal), "late row merged");
        Assert.That(Gunzip(gz), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTrade(1, Ms(Day1)) + AggTrade(2, Ms(Day1))));
    }

    [Test]
    public async Task AtStart_FinishedDaysLeftUncompressed_AreCompressed_TodayIsNot()
    {
        var clock = new ShiftableTime(Day1.AddDays(2).AddHours(1));
        await using var h = new WriterHarness(o => o with { Time = clock, Compress = true, CloseGrace = TimeSpan.FromMinutes(1) });
        var old = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.Depth, Day1);
        var today = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.Depth, Day1.AddDays(2));
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        await File.WriteAllTextAsync(old, Header(StreamCatalog.Depth) + "1,2,3,4,5,bid,1.0,2.0,6\n");
        await File.WriteAllTextAsync(today, Header(StreamCatalog.Depth));
        await h.StartAsync();
        await Eventually.WaitAsync(() => File.Exists(old + ".gz") && !File.Exists(old), "old day compressed");
        Assert.That(File.Exists(today), Is.True);
        Assert.That(File.Exists(today + ".gz"), Is.False);
    }

    [TestCase(".gz", "BTCUSDT/depth_BTCUSDT_20250313.csv.gz", TestName = "Recovery_FinishesACommittedCompression_AndDeletesAnUncommittedTemp")]
    [TestCase(".parquet", "depth/symbol=BTCUSDT/date=2025-03-13/depth_BTCUSDT_20250313.p001.parquet", TestName = "Recovery_FinishesACommittedSeal_IntoItsHiveFolder_AndDeletesAnUncommittedTemp")]
    public void Recovery_FinishesACommittedCommit(string tempInfix, string target)
    {
        var dir = Path.Combine(Path.GetTempPath(), "stmr-wt-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var sym = Path.Combine(dir, "BTCUSDT");
            Directory.CreateDirectory(sym);
            var committed = "BTCUSDT/depth_BTCUSDT_20250313.csv";
            var uncommitted = "BTCUSDT/depth_BTCUSDT_20250312.csv";
            File.WriteAllText(Path.Combine(dir, committed), "csv-13");
            File.WriteAllText(Path.Combine(dir, committed + tempInfix + ".5.tmp"), "done-13");
            File.WriteAllText(Path.Combine(dir, uncommitted), "csv-12");
            File.WriteAllText(Path.Combine(dir, uncommitted + tempInfix + ".6.tmp"), "half");
            var store = new CheckpointStore(PhysicalFileSystem.Instance, dir);
            store.EnsureDirectory();
            store.Write(new Checkpoint("b", new Dictionary<string, ulong>(), new Dictionary<string, long>(),
                [new CompressionCommit(committed, committed + tempInfix + ".5.tmp", target)]), durable: true);

            new Recovery(PhysicalFileSystem.Instance, dir, store, "b", new TestLog().CreateLogger("t")).Run();

            Assert.That(File.ReadAllText(Path.Combine(dir, target)), Is.EqualTo("done-13"));
            Assert.That(File.Exists(Path.Combine(dir, committed)), Is.False);
            Assert.That(File.ReadAllText(Path.Combine(dir, uncommitted)), Is.EqualTo("csv-12"), "an uncommitted commit leaves the csv");
            Assert.That(Directory.GetFiles(sym, "*.tmp"), Is.Empty);
            Assert.That(store.Read().Checkpoint!.Compressions, Is.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }
}
