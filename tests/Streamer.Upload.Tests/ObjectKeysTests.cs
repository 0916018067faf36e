using NUnit.Framework;
using Streamer.Upload.Sealing;
using Streamer.Upload.Store;

namespace Streamer.Upload.Tests;

public sealed class ObjectKeysTests
{
    private static readonly SealedFile File = new("/d/BTCUSDT/kline_1m_BTCUSDT_20260101.csv.gz", "BTCUSDT/kline_1m_BTCUSDT_20260101.csv.gz", "BTCUSDT", "kline_1m", new DateOnly(2026, 1, 1), 10, DateTime.UnixEpoch);

    [Test]
    public void Key_IsPrefixExchangeSymbolStreamServerDayName()
    {
        Assert.That(ObjectKeys.For("lake/raw", "box1", File), Is.EqualTo("lake/raw/binance-um/BTCUSDT/kline_1m/box1/2026-01-01/kline_1m_BTCUSDT_20260101.csv.gz"));
        Assert.That(ObjectKeys.For("", "box1", File), Is.EqualTo("binance-um/BTCUSDT/kline_1m/box1/2026-01-01/kline_1m_BTCUSDT_20260101.csv.gz"));
    }

    [Test]
    public void LatePart_IsNamedByContent_BeforeTheExtension() =>
        Assert.That(ObjectKeys.LatePart("p/binance-um/BTCUSDT/aggtrade/box1/2026-01-01/aggtrade_BTCUSDT_20260101.csv.gz", "0123456789abcdef"),
            Is.EqualTo("p/binance-um/BTCUSDT/aggtrade/box1/2026-01-01/aggtrade_BTCUSDT_20260101.late-0123456789ab.csv.gz"));

    [Test]
    public void LatePart_OfAParquetPart_KeepsTheParquetSuffixLast() =>
        Assert.That(ObjectKeys.LatePart("p/binance-um/BTCUSDT/aggtrade/box1/2026-01-01/aggtrade_BTCUSDT_20260101.h07.p001.parquet", "0123456789abcdef"),
            Is.EqualTo("p/binance-um/BTCUSDT/aggtrade/box1/2026-01-01/aggtrade_BTCUSDT_20260101.h07.p001.late-0123456789ab.parquet"));

    [TestCase("a.csv.gz", "application/gzip")]
    [TestCase("a.csv.zst", "application/zstd")]
    [TestCase("a.h07.p001.parquet", "application/vnd.apache.parquet")]
    [TestCase("a.csv", "text/csv")]
    public void ContentType_FollowsTheSuffix(string key, string type) =>
        Assert.That(S3ObjectStore.ContentType(key), Is.EqualTo(type));
}
