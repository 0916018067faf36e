using Streamer.Core.Streams;
using Streamer.Worker.Startup;

namespace Streamer.Worker.Tests.Startup;

public sealed class RecordedTailTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("streamer-tail-tests").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "BTCUSDT"));
        File.WriteAllText(Path.Combine(_dir, "BTCUSDT", name), text);
    }

    [Test]
    public async Task LastId_IsTheLastCompleteRowOfTheNewestDay()
    {
        var header = StreamCatalog.AggTrade.Header + "\n";
        Write("aggtrade_BTCUSDT_20240101.csv", header + "5,1,1,1,1,1,true,1,1\n");
        Write("aggtrade_BTCUSDT_20240102.csv", header + "6,1,1,1,1,1,true,1,1\n7,1,1,1,1,1,true,1,1\n8,1,1,1");

        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(7), "a torn last line is ignored");
    }

    [Test]
    public async Task NewestFileWithOnlyAHeader_FallsBackToThePreviousDay()
    {
        var header = StreamCatalog.AggTrade.Header + "\n";
        Write("aggtrade_BTCUSDT_20240101.csv", header + "5,1,1,1,1,1,true,1,1\n");
        Write("aggtrade_BTCUSDT_20240102.csv", header);

        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(5));
    }

    [Test]
    public async Task CompressedFinishedDay_IsRead()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "BTCUSDT"));
        using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20240101.csv.gz")), System.IO.Compression.CompressionLevel.Fastest))
        {
            var text = StreamCatalog.AggTrade.Header + "\n" + string.Concat(Enumerable.Range(1, 50_000).Select(i => $"{i},1,1,1,1,1,true,1,1\n"));
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(50_000));
    }

    [Test]
    public async Task NoFiles_MeansNothingToResume() =>
        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.Null);

    [Test]
    public async Task LastClosedKline_IsTheLastClosedCandle()
    {
        var header = StreamCatalog.Kline1m.Header + "\n";
        Write("kline_1m_BTCUSDT_20240101.csv", header + "60000,1,1,1,1,1,119999,1,1,1,1,true,120001,1\n");
        Assert.That(await RecordedTail.LastClosedKlineAsync(_dir, "BTCUSDT"), Is.EqualTo(60000));

        Write("kline_1m_BTCUSDT_20240102.csv", header + "180000,1,1,1,1,1,239999,1,1,1,1,false,200000,1\n");
        Assert.That(await RecordedTail.LastClosedKlineAsync(_dir, "BTCUSDT"), Is.EqualTo(120000), "an open candle means the one before it closed");
    }

    [Test]
    public async Task SealedParquetParts_AreRead_HighestPartFirst_AndAnOpenCsvOfTheDayComesAfterThem()
    {
        var header = StreamCatalog.AggTrade.Header + "\n";
        await WriteParquetAsync(Path.Combine(_dir, "aggtrade", "symbol=BTCUSDT", "date=2024-01-02"), "aggtrade_BTCUSDT_20240102.p001.parquet", header + "10,1.0,1.0,1,1,1,true,1,1\n");
        await WriteParquetAsync(Path.Combine(_dir, "aggtrade", "symbol=BTCUSDT", "date=2024-01-02"), "aggtrade_BTCUSDT_20240102.p002.parquet", header + "20,1.0,1.0,1,1,1,true,1,1\n");
        Write("aggtrade_BTCUSDT_20240101.csv", header + "5,1.0,1.0,1,1,1,true,1,1\n");
        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(20), "hive parts, highest part of the newest day");

        Write("aggtrade_BTCUSDT_20240102.csv", header + "30,1.0,1.0,1,1,1,true,1,1\n");
        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(30), "the open part continues the sealed ones");
    }

    [Test]
    public async Task HourlyParts_NewestHourFirst_TheStagedOpenCsvOfAnHourAfterItsParts()
    {
        var header = StreamCatalog.AggTrade.Header + "\n";
        var partition = Path.Combine(_dir, "aggtrade", "symbol=BTCUSDT", "date=2024-01-02");
        await WriteParquetAsync(partition, "aggtrade_BTCUSDT_20240102.h07.p001.parquet", header + "10,1.0,1.0,1,1,1,true,1,1\n");
        await WriteParquetAsync(partition, "aggtrade_BTCUSDT_20240102.h08.p001.parquet", header + "20,1.0,1.0,1,1,1,true,1,1\n");
        await WriteParquetAsync(partition, "aggtrade_BTCUSDT_20240102.h07.p002.parquet", header + "15,1.0,1.0,1,1,1,true,1,1\n");
        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(20), "hour 08 is newer than every part of hour 07");

        var staging = Path.Combine(_dir, ".staging", "BTCUSDT");
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, "aggtrade_BTCUSDT_20240102.h08.csv"), header + "25,1.0,1.0,1,1,1,true,1,1\n");
        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(25), "the hive layout's open csv is in the staging folder");

        await File.WriteAllTextAsync(Path.Combine(staging, "aggtrade_BTCUSDT_20240102.h09.csv"), header);
        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(25), "an hour with only a header falls back to the one before");
    }

    [Test]
    public async Task ZstdFinishedDay_IsRead()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "BTCUSDT"));
        using (var zst = new ZstdSharp.CompressionStream(File.Create(Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20240101.csv.zst")), leaveOpen: false))
        {
            zst.Write(System.Text.Encoding.UTF8.GetBytes(StreamCatalog.AggTrade.Header + "\n" + "41,1,1,1,1,1,true,1,1\n42,1,1,1,1,1,true,1,1\n"));
        }

        Assert.That(await RecordedTail.LastIdAsync(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(42));
    }

    private static async Task WriteParquetAsync(string folder, string name, string csv)
    {
        Directory.CreateDirectory(folder);
        await using var output = File.Create(Path.Combine(folder, name));
        await Streamer.Storage.Parquet.CsvToParquet.ConvertAsync(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), output, 1000, CancellationToken.None);
    }
}
