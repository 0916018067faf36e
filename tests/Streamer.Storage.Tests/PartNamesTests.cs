using Streamer.Core.Configuration;
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
}
