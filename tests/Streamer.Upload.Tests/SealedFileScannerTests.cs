using NUnit.Framework;
using Streamer.Upload.Sealing;
using Streamer.Upload.Store;

namespace Streamer.Upload.Tests;

/// <summary>What the scanner finds on disk with <c>storage.format: parquet</c>, in both layouts: sealed parts, never an open part.</summary>
public sealed class SealedFileScannerTests
{
    private static readonly DateTimeOffset TodayNoon = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);
    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "stmr-scan-" + Guid.NewGuid().ToString("N")[..10]));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private void Write(string relative)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }

    private List<SealedFile> Scan() => SealedFileScanner.Scan(_dir, TodayNoon, TimeSpan.FromMinutes(10), csvIsConverted: true);

    [Test]
    public void Flat_SealedPartsOfTodayAndEarlierDays_AreSealed_OpenCsvAndSealTemporariesAreNot()
    {
        Write("BTCUSDT/aggtrade_BTCUSDT_20260101.p001.parquet");
        Write("BTCUSDT/aggtrade_BTCUSDT_20260102.h07.p001.parquet"); // today, hour 07 sealed: up at once
        Write("BTCUSDT/aggtrade_BTCUSDT_20260102.h08.p001.parquet");
        Write("BTCUSDT/aggtrade_BTCUSDT_20260102.h12.csv"); // the open hour
        Write("BTCUSDT/aggtrade_BTCUSDT_20260101.csv"); // a closed day's csv about to be sealed (not held, day over)
        Write("BTCUSDT/aggtrade_BTCUSDT_20260102.h11.csv.parquet.3.tmp"); // a seal in progress

        var found = Scan();

        Assert.That(found.Select(f => f.RelativePath), Is.EqualTo(new[]
        {
            "BTCUSDT/aggtrade_BTCUSDT_20260101.p001.parquet",
            "BTCUSDT/aggtrade_BTCUSDT_20260102.h07.p001.parquet",
            "BTCUSDT/aggtrade_BTCUSDT_20260102.h08.p001.parquet",
        }));
        Assert.That(found.Select(f => (f.Symbol, f.Stream)).Distinct(), Is.EqualTo(new[] { ("BTCUSDT", "aggtrade") }));
        Assert.That(found.Select(f => f.Day), Is.EqualTo(new[] { new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 2) }));
    }

    [Test]
    public void Hive_PartsAreFoundInTheirPartitions_TheStagingFolderIsNeverScanned()
    {
        Write("depth_snapshot/symbol=ETHUSDT/date=2026-01-02/depth_snapshot_ETHUSDT_20260102.h03.p002.parquet");
        Write("aggtrade/symbol=BTCUSDT/date=2026-01-01/aggtrade_BTCUSDT_20260101.p001.parquet");
        Write(".staging/BTCUSDT/aggtrade_BTCUSDT_20260102.h12.csv");
        Write(".staging/BTCUSDT/aggtrade_BTCUSDT_20260101.csv"); // even a finished day's: the writer seals it
        Write(".staging/BTCUSDT/aggtrade_BTCUSDT_20260101.csv.parquet.9.tmp");

        var found = Scan();

        Assert.That(found.Select(f => f.RelativePath), Is.EqualTo(new[]
        {
            "aggtrade/symbol=BTCUSDT/date=2026-01-01/aggtrade_BTCUSDT_20260101.p001.parquet",
            "depth_snapshot/symbol=ETHUSDT/date=2026-01-02/depth_snapshot_ETHUSDT_20260102.h03.p002.parquet",
        }));
        var snapshot = found[1];
        Assert.That((snapshot.Symbol, snapshot.Stream, snapshot.Day), Is.EqualTo(("ETHUSDT", "depth_snapshot", new DateOnly(2026, 1, 2))));
        Assert.That(ObjectKeys.For("lake", "box1", snapshot),
            Is.EqualTo("lake/binance-um/ETHUSDT/depth_snapshot/box1/2026-01-02/depth_snapshot_ETHUSDT_20260102.h03.p002.parquet"), "the same key scheme as csv days");
    }

    [Test]
    public void ACsv_IsSealedOnlyWhenNothingConvertsIt()
    {
        Write("BTCUSDT/aggtrade_BTCUSDT_20260101.csv");
        Assert.That(Scan(), Is.Empty, "with parquet (or compression) a closed csv is about to be sealed");
        Assert.That(SealedFileScanner.Scan(_dir, TodayNoon, TimeSpan.FromMinutes(10), csvIsConverted: false).Select(f => f.RelativePath),
            Is.EqualTo(new[] { "BTCUSDT/aggtrade_BTCUSDT_20260101.csv" }));
    }
}
