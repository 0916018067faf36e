using Streamer.Core.Configuration;
using Streamer.Core.Streams;
using Streamer.Tests.Support;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>storage.format: parquet — closed and stopped parts are sealed into Parquet with the compression commit protocol.</summary>
public class ParquetSealTests
{
    private static WriterOptions Parquet(WriterOptions o, TimeProvider clock, StorageLayout layout = StorageLayout.Flat, ParquetSeal seal = ParquetSeal.Stop) =>
        o with { Time = clock, Format = StorageFormat.Parquet, Layout = layout, ParquetSeal = seal, CloseGrace = TimeSpan.FromMinutes(1) };

    private static string AggTradeRows(params (long Id, DateTimeOffset Time)[] rows) => string.Concat(rows.Select(r => AggTrade(r.Id, Ms(r.Time))));

    [Test]
    public async Task ParquetSealHour_EachHourIsItsOwnPart_SealedWhenTheHourCloses_LateRowsAndRestartsMakeTheNextNumber()
    {
        var clock = new ShiftableTime(Day1.AddHours(7.5));
        await using var h = new WriterHarness(o => Parquet(o, clock, StorageLayout.Hive, ParquetSeal.Hour));
        var staging = Path.Combine(h.DataDir, ".staging", "BTCUSDT");
        var partition = Path.Combine(h.DataDir, "aggtrade", "symbol=BTCUSDT", "date=2025-03-14");
        string Part(string label) => Path.Combine(partition, $"aggtrade_BTCUSDT_20250314.{label}.parquet");
        string Open(int hour) => Path.Combine(staging, $"aggtrade_BTCUSDT_20250314.h{hour:D2}.csv");
        var at0710 = Day1.AddHours(7).AddMinutes(10);
        var at0759 = Day1.AddHours(8).AddMinutes(-1);
        var at0805 = Day1.AddHours(8).AddMinutes(5);

        await h.StartAsync();
        await using (var client = h.Client())
        {
            await client.StartAsync(CancellationToken.None);
            await client.WriteAsync(StreamType.AggTrade, Ms(at0710), Bytes(AggTradeRows((1, at0710), (2, at0710))), default);
            await client.WriteAsync(StreamType.AggTrade, Ms(at0805), Bytes(AggTradeRows((3, at0805))), default);
            await client.DrainAsync(CancellationToken.None);
            Assert.That(File.Exists(Open(7)) && File.Exists(Open(8)), Is.True, "one open csv per hour of exchange time, in the staging folder");
            Assert.That(Directory.Exists(Path.Combine(h.DataDir, "BTCUSDT")), Is.False, "nothing of a hive recording in {SYMBOL}/");

            // 08:00 + close_grace (1 min) has passed and hour 07 has been idle 30 s: it is sealed, hour 08 stays open.
            clock.SetNow(Day1.AddHours(8).AddMinutes(40));
            await Eventually.WaitAsync(() => File.Exists(Part("h07.p001")) && !File.Exists(Open(7)), "hour 07 sealed");
            Assert.That(DuckDb.ToCsv(Part("h07.p001")), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTradeRows((1, at0710), (2, at0710))));
            Assert.That(File.Exists(Open(8)), Is.True, "hour 08 is not over");

            // A late row of hour 07: a new csv, sealed as the next number once idle; p001 is never rewritten.
            var sealedBytes = await File.ReadAllBytesAsync(Part("h07.p001"));
            await client.WriteAsync(StreamType.AggTrade, Ms(at0759), Bytes(AggTradeRows((4, at0759))), default);
            await client.DrainAsync(CancellationToken.None);
            clock.SetNow(Day1.AddHours(8).AddMinutes(41));
            await Eventually.WaitAsync(() => File.Exists(Part("h07.p002")) && !File.Exists(Open(7)), "the late row sealed as part 2", TimeSpan.FromSeconds(45));
            Assert.That(DuckDb.ToCsv(Part("h07.p002")), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTradeRows((4, at0759))));
            Assert.That(await File.ReadAllBytesAsync(Part("h07.p001")), Is.EqualTo(sealedBytes));
        }

        // A graceful stop seals the open hour; the next run's rows of the same hour become its part 2.
        Assert.That(await h.StopAsync(), Is.Zero);
        Assert.That(File.Exists(Part("h08.p001")) && !File.Exists(Open(8)), Is.True, "a stop seals the open hour");
        await h.StartAsync();
        await using (var client = h.Client())
        {
            await client.StartAsync(CancellationToken.None);
            await client.WriteAsync(StreamType.AggTrade, Ms(at0805), Bytes(AggTradeRows((5, at0805))), default);
            await client.DrainAsync(CancellationToken.None);
            Assert.That(File.Exists(Open(8)), Is.True, "the restart appends to a new csv of hour 08 under the staging folder");
        }

        Assert.That(await h.StopAsync(), Is.Zero);
        Assert.That(Directory.GetFiles(partition).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "aggtrade_BTCUSDT_20250314.h07.p001.parquet", "aggtrade_BTCUSDT_20250314.h07.p002.parquet",
            "aggtrade_BTCUSDT_20250314.h08.p001.parquet", "aggtrade_BTCUSDT_20250314.h08.p002.parquet",
        }));
        Assert.That(DuckDb.ToCsv(Part("h08.p002")), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTradeRows((5, at0805))));
        Assert.That(Directory.GetFiles(staging), Is.Empty, "after a graceful stop every row is sealed");
        Assert.That(DuckDb.Scalar($"SELECT count(DISTINCT agg_trade_id) || '/' || count(*) FROM read_parquet('{h.DataDir}/aggtrade/*/*/*.parquet', hive_partitioning = true)"),
            Is.EqualTo("5/5"), "the documented glob sees every row once");
    }

    /// <summary>
    /// Issue 16 item 10 at the writer's level: the same frames, through a restart and across hours, recorded as CSV and
    /// as hourly hive Parquet parts; DuckDB, the independent reader, gives back exactly the CSV writer's rows (exact
    /// decimal strings, empty fields, quoted text), each once.
    /// </summary>
    [Test]
    public async Task SameFrames_RecordedAsCsvAndAsHourlyParquet_DuckDbReadsTheSameRows()
    {
        var clock = new ShiftableTime(Day1.AddHours(12));
        await using var csv = new WriterHarness(o => o with { Time = clock, CloseGrace = TimeSpan.FromMinutes(1) });
        await using var parquet = new WriterHarness(o => Parquet(o, clock, StorageLayout.Hive, ParquetSeal.Hour));
        var streams = new[] { StreamCatalog.AggTrade, StreamCatalog.Depth, StreamCatalog.Events };
        long id = 0;
        (StreamType, long, string) Frame(StreamInfo stream, DateTimeOffset at)
        {
            var t = Ms(at);
            var rows = stream.Type switch
            {
                StreamType.AggTrade => $"{++id},93000.10,0.002,{id},{id + 1},{t},true,{t + 1},{t * 1000 + 234}\n{++id},92999.90,12.500,{id},{id},{t},false,,\n",
                StreamType.Depth => $"{t},{t - 2},{id},{id + 5},{id - 1},bid,93000.10,1.500,{t * 1000}\n{t},{t - 2},{id},{id + 5},{id - 1},ask,93000.20,0.000,{t * 1000}\n{t + 100},{t + 98},{id + 6},{id + 6},{id + 5},,,,{t * 1000 + 100}\n",
                _ => $"{t * 1000},aggtrade,backfill,{id},{id + 9},\"fetched 9 trades, \"\"ok\"\"\"\n{t * 1000 + 1},all,disconnect,,,connection closed by the server\n",
            };
            return (stream.Type, t, rows);
        }

        for (var run = 0; run < 2; run++)
        {
            var frames = Enumerable.Range(7, 3).SelectMany(hour => streams.Select(stream => Frame(stream, Day1.AddHours(hour).AddMinutes(10 + run)))).ToList();
            foreach (var h in new[] { csv, parquet })
            {
                await h.StartAsync();
                await using (var client = h.Client())
                {
                    await client.StartAsync(CancellationToken.None);
                    foreach (var (type, time, rows) in frames)
                    {
                        await client.WriteAsync(type, time, Bytes(rows), default);
                    }

                    await client.DrainAsync(CancellationToken.None);
                }

                Assert.That(await h.StopAsync(), Is.Zero);
            }
        }

        foreach (var stream in streams)
        {
            var csvRows = File.ReadAllLines(DayFile(csv.DataDir, "BTCUSDT", stream, Day1));
            var parts = Directory.GetFiles(Path.Combine(parquet.DataDir, stream.FilePrefix, "symbol=BTCUSDT", "date=2025-03-14")).Order(StringComparer.Ordinal).ToList();
            Assert.That(parts, Has.Count.EqualTo(6), $"{stream.ConfigName}: hours 07-09, a part per run");
            var partRows = parts.SelectMany(p => DuckDb.ToCsv(p).TrimEnd('\n').Split('\n').Skip(1)).ToList();
            Assert.That(partRows.Order(StringComparer.Ordinal), Is.EqualTo(csvRows.Skip(1).Order(StringComparer.Ordinal)), stream.ConfigName);
            Assert.That(partRows.Distinct().Count(), Is.EqualTo(partRows.Count), $"{stream.ConfigName}: each row once");
        }
    }

    [Test]
    public async Task ParquetSealHour_AtStart_HoursThatAreOverAreSealed_TheCurrentHourIsNot()
    {
        var clock = new ShiftableTime(Day1.AddHours(9.5));
        await using var h = new WriterHarness(o => Parquet(o, clock, StorageLayout.Flat, ParquetSeal.Hour));
        var folder = Path.Combine(h.DataDir, "BTCUSDT");
        Directory.CreateDirectory(folder);
        var over = Path.Combine(folder, "aggtrade_BTCUSDT_20250314.h08.csv");
        var current = Path.Combine(folder, "aggtrade_BTCUSDT_20250314.h09.csv");
        await File.WriteAllTextAsync(over, Header(StreamCatalog.AggTrade) + AggTrade(1, Ms(Day1.AddHours(8))));
        await File.WriteAllTextAsync(current, Header(StreamCatalog.AggTrade) + AggTrade(2, Ms(Day1.AddHours(9))));

        await h.StartAsync();

        await Eventually.WaitAsync(() => File.Exists(Path.Combine(folder, "aggtrade_BTCUSDT_20250314.h08.p001.parquet")) && !File.Exists(over), "hour 08 sealed at start");
        Assert.That(File.Exists(current), Is.True, "hour 09 is still open for rows");
    }

    [Test]
    public async Task WhenTheDayCloses_TheCsvIsSealedIntoPartOne_AndDeleted()
    {
        var clock = new ShiftableTime(Day1.AddHours(12));
        await using var h = new WriterHarness(o => Parquet(o, clock));
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1)) + AggTrade(2, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);
        var csv = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1);
        var part = csv[..^".csv".Length] + ".p001.parquet";

        clock.SetNow(Day1.AddDays(1).AddMinutes(2));
        await Eventually.WaitAsync(() => File.Exists(part) && !File.Exists(csv), "the part replaces the csv");
        Assert.That(DuckDb.ToCsv(part), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTrade(1, Ms(Day1)) + AggTrade(2, Ms(Day1))));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(csv)!, "*.tmp"), Is.Empty);
    }

    [Test]
    public async Task AGracefulStop_SealsTheOpenDay_AndTheNextRunsRowsBecomePartTwo()
    {
        var clock = new ShiftableTime(Day1.AddHours(12));
        await using var h = new WriterHarness(o => Parquet(o, clock, StorageLayout.Hive));
        var csv = Path.Combine(h.DataDir, ".staging", "BTCUSDT", "aggtrade_BTCUSDT_20250314.csv"); // hive: the open part is staged outside the tree
        var folder = Path.Combine(h.DataDir, "aggtrade", "symbol=BTCUSDT", "date=2025-03-14");
        for (var run = 1; run <= 2; run++)
        {
            await h.StartAsync();
            await using (var client = h.Client())
            {
                await client.StartAsync(CancellationToken.None);
                await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(run, Ms(Day1))), default);
                await client.DrainAsync(CancellationToken.None);
            }

            Assert.That(await h.StopAsync(), Is.Zero);
            Assert.That(File.Exists(csv), Is.False, $"run {run}: nothing left in csv after a graceful stop");
            Assert.That(Directory.Exists(Path.Combine(h.DataDir, "BTCUSDT")), Is.False, $"run {run}: nothing of a hive recording in {{SYMBOL}}/");
        }

        var parts = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
        Assert.That(parts.Select(Path.GetFileName), Is.EqualTo(new[] { "aggtrade_BTCUSDT_20250314.p001.parquet", "aggtrade_BTCUSDT_20250314.p002.parquet" }));
        Assert.That(DuckDb.ToCsv(parts[0]), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTrade(1, Ms(Day1))));
        Assert.That(DuckDb.ToCsv(parts[1]), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTrade(2, Ms(Day1))));
        Assert.That(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{h.DataDir}/aggtrade/*/*/*.parquet', hive_partitioning = true) WHERE symbol = 'BTCUSDT'"), Is.EqualTo(2L));
    }

    [Test]
    public async Task ParquetSealDay_AStopLeavesTheOpenDayInCsv()
    {
        var clock = new ShiftableTime(Day1.AddHours(12));
        await using var h = new WriterHarness(o => Parquet(o, clock, seal: ParquetSeal.Day));
        await h.StartAsync();
        await using (var client = h.Client())
        {
            await client.StartAsync(CancellationToken.None);
            await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1))), default);
            await client.DrainAsync(CancellationToken.None);
        }

        Assert.That(await h.StopAsync(), Is.Zero);
        Assert.That(File.Exists(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.True);
        Assert.That(Directory.GetFiles(h.DataDir, "*.parquet", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task CompressZstd_AClosedDayBecomesCsvZst_LateRowsAreANewFrame()
    {
        var clock = new ShiftableTime(Day1.AddDays(1).AddHours(1));
        await using var h = new WriterHarness(o => o with { Time = clock, CsvCompression = CsvCompression.Zstd, CloseGrace = TimeSpan.FromMinutes(1) });
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        var csv = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1);
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);
        clock.SetNow(Day1.AddDays(1).AddHours(2));
        await Eventually.WaitAsync(() => File.Exists(csv + ".zst") && !File.Exists(csv), "compressed");
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(2, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);
        clock.SetNow(Day1.AddDays(1).AddHours(3));
        await Eventually.WaitAsync(() => !File.Exists(csv) && Unzstd(csv + ".zst").Contains(AggTrade(2, Ms(Day1)), StringComparison.Ordinal), "late row added");
        Assert.That(Unzstd(csv + ".zst"), Is.EqualTo(Header(StreamCatalog.AggTrade) + AggTrade(1, Ms(Day1)) + AggTrade(2, Ms(Day1))));
    }

    private static string Unzstd(string path)
    {
        using var zstd = new ZstdSharp.DecompressionStream(File.OpenRead(path));
        using var reader = new StreamReader(zstd);
        return reader.ReadToEnd();
    }
}
