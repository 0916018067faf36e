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
    public void LastId_IsTheLastCompleteRowOfTheNewestDay()
    {
        var header = StreamCatalog.AggTrade.Header + "\n";
        Write("aggtrade_BTCUSDT_20240101.csv", header + "5,1,1,1,1,1,true,1,1\n");
        Write("aggtrade_BTCUSDT_20240102.csv", header + "6,1,1,1,1,1,true,1,1\n7,1,1,1,1,1,true,1,1\n8,1,1,1");

        Assert.That(RecordedTail.LastId(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(7), "a torn last line is ignored");
    }

    [Test]
    public void NewestFileWithOnlyAHeader_FallsBackToThePreviousDay()
    {
        var header = StreamCatalog.AggTrade.Header + "\n";
        Write("aggtrade_BTCUSDT_20240101.csv", header + "5,1,1,1,1,1,true,1,1\n");
        Write("aggtrade_BTCUSDT_20240102.csv", header);

        Assert.That(RecordedTail.LastId(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(5));
    }

    [Test]
    public void CompressedFinishedDay_IsRead()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "BTCUSDT"));
        using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20240101.csv.gz")), System.IO.Compression.CompressionLevel.Fastest))
        {
            var text = StreamCatalog.AggTrade.Header + "\n" + string.Concat(Enumerable.Range(1, 50_000).Select(i => $"{i},1,1,1,1,1,true,1,1\n"));
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        Assert.That(RecordedTail.LastId(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.EqualTo(50_000));
    }

    [Test]
    public void NoFiles_MeansNothingToResume() =>
        Assert.That(RecordedTail.LastId(_dir, "BTCUSDT", StreamCatalog.AggTrade), Is.Null);

    [Test]
    public void LastClosedKline_IsTheLastClosedCandle()
    {
        var header = StreamCatalog.Kline1m.Header + "\n";
        Write("kline_1m_BTCUSDT_20240101.csv", header + "60000,1,1,1,1,1,119999,1,1,1,1,true,120001,1\n");
        Assert.That(RecordedTail.LastClosedKline(_dir, "BTCUSDT"), Is.EqualTo(60000));

        Write("kline_1m_BTCUSDT_20240102.csv", header + "180000,1,1,1,1,1,239999,1,1,1,1,false,200000,1\n");
        Assert.That(RecordedTail.LastClosedKline(_dir, "BTCUSDT"), Is.EqualTo(120000), "an open candle means the one before it closed");
    }
}
