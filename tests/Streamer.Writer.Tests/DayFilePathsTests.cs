using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.Writer.Files;

namespace Streamer.Writer.Tests;

public class DayFilePathsTests
{
    [Test]
    public void RelativePath_IsSymbolFolderAndCatalogFileName() =>
        Assert.That(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.DepthSnapshot, new DateOnly(2025, 1, 2)),
            Is.EqualTo("BTCUSDT/depth_snapshot_BTCUSDT_20250102.csv"));

    [Test]
    public void RelativePath_OfTheDefaultExchange_IsUnchanged() =>
        Assert.That(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.AggTrade, new DateOnly(2025, 1, 2), exchange: ExchangeIds.BinanceUsdM),
            Is.EqualTo(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.AggTrade, new DateOnly(2025, 1, 2))));

    [Test]
    public void RelativePath_OfAnotherExchange_IsUnderItsFolder_StagingToo()
    {
        var day = new DateOnly(2025, 1, 2);
        Assert.That(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.AggTrade, day, exchange: "binance-cm"),
            Is.EqualTo("binance-cm/BTCUSDT/aggtrade_BTCUSDT_20250102.csv"));
        Assert.That(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.Depth, day, 7, staging: true, exchange: "binance-cm"),
            Is.EqualTo("binance-cm/.staging/BTCUSDT/depth_BTCUSDT_20250102.h07.csv"));
    }

    [Test]
    public void CloseTime_IsNextMidnightPlusGrace() =>
        Assert.That(DayFilePaths.CloseTime(new DateOnly(2025, 1, 2), TimeSpan.FromMinutes(10)),
            Is.EqualTo(new DateTimeOffset(2025, 1, 3, 0, 10, 0, TimeSpan.Zero)));

    [TestCase("depth_snapshot_BTCUSDT_20250102.csv", "depth_snapshot", "BTCUSDT")]
    [TestCase("depth_BTCUSDT_250627_20250102.csv", "depth", "BTCUSDT_250627")]
    [TestCase("kline_1m_ETHUSDT_20250102.csv", "kline_1m", "ETHUSDT")]
    public void TryParseFileName_ReadsStreamSymbolAndDayFromBothEnds(string name, string stream, string symbol)
    {
        Assert.That(DayFilePaths.TryParseFileName(name, out var s, out var sym, out var day), Is.True);
        Assert.That(s.ConfigName, Is.EqualTo(stream));
        Assert.That(sym, Is.EqualTo(symbol));
        Assert.That(day, Is.EqualTo(new DateOnly(2025, 1, 2)));
    }

    [TestCase("checkpoint")]
    [TestCase("depth_BTCUSDT_2025010.csv")]
    [TestCase("nosuchstream_BTCUSDT_20250102.csv")]
    [TestCase("depth_BTCUSDT_20250102.csv.gz")]
    public void TryParseFileName_RejectsOtherFiles(string name) =>
        Assert.That(DayFilePaths.TryParseFileName(name, out _, out _, out _), Is.False);

    [Test]
    public void HourlyParts_AreNamedByTheirUtcHour_AndStagedOutsideTheHiveTree()
    {
        var day = new DateOnly(2025, 1, 2);
        Assert.That(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.AggTrade, day, 7), Is.EqualTo("BTCUSDT/aggtrade_BTCUSDT_20250102.h07.csv"));
        Assert.That(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.AggTrade, day, 7, staging: true), Is.EqualTo(".staging/BTCUSDT/aggtrade_BTCUSDT_20250102.h07.csv"));
        Assert.That(DayFilePaths.RelativePath("BTCUSDT", StreamCatalog.AggTrade, day, staging: true), Is.EqualTo(".staging/BTCUSDT/aggtrade_BTCUSDT_20250102.csv"));
        Assert.That(DayFilePaths.HourOf(new DateTimeOffset(2025, 1, 2, 7, 59, 59, 999, TimeSpan.Zero).ToUnixTimeMilliseconds()), Is.EqualTo(7));
        Assert.That(DayFilePaths.HourOf(new DateTimeOffset(2025, 1, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()), Is.EqualTo(8));
    }

    [Test]
    public void TryParseFileName_ReadsTheHourLabel_AndAnHourClosesAtItsEndPlusGrace()
    {
        Assert.That(DayFilePaths.TryParseFileName("kline_1m_ETHUSDT_20250102.h23.csv", out var stream, out var symbol, out var day, out var hour), Is.True);
        Assert.That((stream.ConfigName, symbol, day, hour), Is.EqualTo(("kline_1m", "ETHUSDT", new DateOnly(2025, 1, 2), 23)));
        Assert.That(DayFilePaths.TryParseFileName("kline_1m_ETHUSDT_20250102.csv", out _, out _, out _, out var wholeDay), Is.True);
        Assert.That(wholeDay, Is.EqualTo(-1));
        Assert.That(DayFilePaths.TryParseFileName("kline_1m_ETHUSDT_20250102.h24.csv", out _, out _, out _), Is.False, "not an hour");
        Assert.That(DayFilePaths.CloseTime(new DateOnly(2025, 1, 2), 23, TimeSpan.FromMinutes(10)), Is.EqualTo(new DateTimeOffset(2025, 1, 3, 0, 10, 0, TimeSpan.Zero)));
        Assert.That(DayFilePaths.CloseTime(new DateOnly(2025, 1, 2), 7, TimeSpan.FromMinutes(10)), Is.EqualTo(new DateTimeOffset(2025, 1, 2, 8, 10, 0, TimeSpan.Zero)));
        Assert.That(DayFilePaths.TryGetCloseTime(".staging/BTCUSDT/depth_BTCUSDT_20250102.h07.csv", TimeSpan.Zero, out var close), Is.True);
        Assert.That(close, Is.EqualTo(new DateTimeOffset(2025, 1, 2, 8, 0, 0, TimeSpan.Zero)));
    }
}
