using Streamer.Core.Configuration;
using Streamer.Core.Exchanges;
using Streamer.Storage.Parquet;

namespace Streamer.Storage.Tests;

public class PartNamesTests
{
    [Test]
    public void PartNames_FollowTheCsvName_AndNumberUp()
    {
        const string csv = "depth_snapshot_BTCUSDT_20260101.csv";
        Assert.That(PartNames.FileName(csv, 1), Is.EqualTo("depth_snapshot_BTCUSDT_20260101.p001.parquet"));
        Assert.That(PartNames.NextPart(csv, []), Is.EqualTo(1));
        Assert.That(PartNames.NextPart(csv, ["depth_snapshot_BTCUSDT_20260101.p001.parquet", "depth_snapshot_BTCUSDT_20260101.p007.parquet", "depth_BTCUSDT_20260101.p009.parquet"]), Is.EqualTo(8));
        Assert.That(PartNames.TryParse("depth_BTCUSDT_20260101.p012.parquet", out var back, out var part), Is.True);
        Assert.That((back, part), Is.EqualTo(("depth_BTCUSDT_20260101.csv", 12)));
        Assert.That(PartNames.TryParse("depth_BTCUSDT_20260101.csv.parquet.3.tmp", out _, out _), Is.False);
    }

    [Test]
    public void Layouts_PutPartsInTheirFolders()
    {
        var day = new DateOnly(2026, 1, 2);
        Assert.That(PartNames.Folder(StorageLayout.Flat, "BTCUSDT", "aggtrade", day), Is.EqualTo("BTCUSDT"));
        Assert.That(PartNames.Folder(StorageLayout.Hive, "BTCUSDT", "aggtrade", day), Is.EqualTo("aggtrade/symbol=BTCUSDT/date=2026-01-02"));
    }

    [Test]
    public void Layouts_OfAnotherExchange_AreUnderItsFolder()
    {
        var day = new DateOnly(2026, 1, 2);
        Assert.That(PartNames.Folder(StorageLayout.Flat, "BTCUSDT", "aggtrade", day, ExchangeIds.BinanceUsdM), Is.EqualTo("BTCUSDT"));
        Assert.That(PartNames.Folder(StorageLayout.Flat, "BTCUSDT", "aggtrade", day, "binance-cm"), Is.EqualTo("binance-cm/BTCUSDT"));
        Assert.That(PartNames.Folder(StorageLayout.Hive, "BTCUSDT", "aggtrade", day, "binance-cm"), Is.EqualTo("binance-cm/aggtrade/symbol=BTCUSDT/date=2026-01-02"));
    }

    [Test]
    public void HourlyParts_AreTheSameScheme_WithTheHourInTheCsvName()
    {
        const string day = "aggtrade_BTCUSDT_20260101.csv";
        var h07 = PartNames.HourlyCsvName(day, 7);
        Assert.That(h07, Is.EqualTo("aggtrade_BTCUSDT_20260101.h07.csv"));
        Assert.That(PartNames.HourlyCsvName(day, PartNames.WholeDay), Is.EqualTo(day));
        Assert.That(PartNames.FileName(h07, 1), Is.EqualTo("aggtrade_BTCUSDT_20260101.h07.p001.parquet"));
        Assert.That(PartNames.TryParse("aggtrade_BTCUSDT_20260101.h07.p002.parquet", out var back, out var part), Is.True);
        Assert.That((back, part), Is.EqualTo((h07, 2)));
        Assert.That(PartNames.NextPart(h07, ["aggtrade_BTCUSDT_20260101.h07.p001.parquet", "aggtrade_BTCUSDT_20260101.h08.p004.parquet", "aggtrade_BTCUSDT_20260101.p009.parquet"]),
            Is.EqualTo(2), "each hour counts its own parts");
        Assert.That(PartNames.SplitHour(h07, out var hour), Is.EqualTo(day));
        Assert.That(hour, Is.EqualTo(7));
        Assert.That(new[] { "aggtrade_BTCUSDT_20260101.h07.p002.parquet", "aggtrade_BTCUSDT_20260101.h08.p001.parquet", "aggtrade_BTCUSDT_20260101.h07.p001.parquet" }.Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "aggtrade_BTCUSDT_20260101.h07.p001.parquet", "aggtrade_BTCUSDT_20260101.h07.p002.parquet", "aggtrade_BTCUSDT_20260101.h08.p001.parquet" }), "name order is row order");
    }

    [TestCase("aggtrade_BTCUSDT_20260101.csv")]
    [TestCase("aggtrade_BTCUSDT_20260101.h24.csv")]
    [TestCase("aggtrade_BTCUSDT_20260101.hx7.csv")]
    [TestCase("aggtrade_BTCUSDT_20260101.h07.csv.gz")]
    public void SplitHour_LeavesNamesWithoutAnHourLabelAlone(string name)
    {
        Assert.That(PartNames.SplitHour(name, out var hour), Is.EqualTo(name));
        Assert.That(hour, Is.EqualTo(PartNames.WholeDay));
    }
}
