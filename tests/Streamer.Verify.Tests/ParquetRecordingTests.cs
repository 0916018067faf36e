using NUnit.Framework;
using Streamer.Core.Streams;

namespace Streamer.Verify.Tests;

/// <summary>verify reads sealed Parquet parts (flat and hive layouts) like csv, in part order, then the open csv.</summary>
public class ParquetRecordingTests
{
    [Test]
    public async Task HiveParts_ThenTheOpenCsv_AreOneContinuousDay()
    {
        using var data = new Recording();
        await data.WriteParquetAsync(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 101, 100, startSecond: 100), part: 2, hive: true);
        await data.WriteParquetAsync(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100), part: 1, hive: true);
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 201, 5, startSecond: 300));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.Zero, report.ToString());
        Assert.That(day.GetProperty("rows").GetInt64(), Is.EqualTo(205));
        Assert.That(day.GetProperty("files").EnumerateArray().Select(f => Path.GetFileName(f.GetString())), Is.EqualTo(new[]
        {
            "aggtrade_BTCUSDT_20260501.p001.parquet", "aggtrade_BTCUSDT_20260501.p002.parquet", "aggtrade_BTCUSDT_20260501.csv",
        }));
    }

    [Test]
    public async Task HourlyParts_AndTheStagedOpenHour_AreReadInHourOrder_AsOneDay()
    {
        using var data = new Recording();
        var hourly = StreamCatalog.FileName(StreamCatalog.AggTrade, Recording.Symbol, Recording.Day1)[..^4];
        await data.WriteParquetAsync(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 50, startSecond: 3600), part: 1, hive: true, hour: 1);
        await data.WriteParquetAsync(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 51, 10, startSecond: 3700), part: 2, hive: true, hour: 1);
        await data.WriteParquetAsync(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 61, 40, startSecond: 7200), part: 1, hive: true, hour: 2);
        var staging = Path.Combine(data.Path, ".staging", Recording.Symbol);
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, hourly + ".h03.csv"),
            StreamCatalog.AggTrade.Header + "\n" + string.Concat(Recording.AggTrades(Recording.Day1, 101, 5, startSecond: 10800).Select(r => r + "\n")));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.Zero, report.ToString());
        Assert.That(day.GetProperty("rows").GetInt64(), Is.EqualTo(105));
        Assert.That(day.GetProperty("files").EnumerateArray().Select(f => Path.GetFileName(f.GetString())), Is.EqualTo(new[]
        {
            hourly + ".h01.p001.parquet", hourly + ".h01.p002.parquet", hourly + ".h02.p001.parquet", hourly + ".h03.csv",
        }));
    }

    [Test]
    public async Task AGapInsideAFlatPart_IsFound()
    {
        using var data = new Recording();
        await data.WriteParquetAsync(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 300).Where((_, i) => i is < 100 or >= 110), part: 1, hive: false);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var gap = VerifyRun.Day(report, "aggtrade", Recording.Day1).GetProperty("gaps")[0];
        Assert.That(code, Is.EqualTo(1));
        Assert.That((gap.GetProperty("from").GetInt64(), gap.GetProperty("to").GetInt64()), Is.EqualTo((101L, 110L)));
    }

    [Test]
    public async Task ADamagedPart_IsReportedNotThrown()
    {
        using var data = new Recording();
        var part = await data.WriteParquetAsync(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 10), part: 1, hive: false);
        var bytes = await File.ReadAllBytesAsync(part);
        await File.WriteAllBytesAsync(part, bytes[..(bytes.Length / 2)]);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(report.ToString(), Does.Contain("could not be read"));
    }
}
