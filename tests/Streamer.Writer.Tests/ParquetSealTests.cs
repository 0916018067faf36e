using Streamer.Core.Configuration;
using Streamer.Core.Streams;
using Streamer.Tests.Support;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>storage.format: parquet — closed and stopped parts are sealed into Parquet with the compression commit protocol.</summary>
public class ParquetSealTests
{
    private static WriterOptions Parquet(WriterOptions o, TimeProvider clock, StorageLayout layout = StorageLayout.Flat) =>
        o with { Time = clock, Format = StorageFormat.Parquet, Layout = layout, CloseGrace = TimeSpan.FromMinutes(1) };

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
        var csv = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1);
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
        await using var h = new WriterHarness(o => Parquet(o, clock) with { ParquetSeal = ParquetSeal.Day });
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
