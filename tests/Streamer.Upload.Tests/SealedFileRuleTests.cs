using NUnit.Framework;
using Streamer.Upload.Sealing;

namespace Streamer.Upload.Tests;

public sealed class SealedFileRuleTests
{
    private static readonly DateOnly Day = new(2026, 1, 1);
    private static readonly DateTimeOffset AfterClose = new(2026, 1, 2, 0, 11, 0, TimeSpan.Zero);
    private static readonly HashSet<string> Nothing = new(StringComparer.Ordinal);

    private static SealContext Context(string name, DateTimeOffset now, bool compress = true, IReadOnlySet<string>? held = null, params string[] siblings) =>
        new(name, "BTCUSDT/" + name, Day, now, TimeSpan.FromMinutes(10), compress, held ?? Nothing, siblings.ToHashSet(StringComparer.Ordinal));

    [Test]
    public void CompressedDay_PastCloseGrace_IsSealed() =>
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.gz", AfterClose)), Is.True);

    [Test]
    public void Day_BeforeMidnightPlusCloseGrace_IsNeverSealed() =>
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.gz", new DateTimeOffset(2026, 1, 2, 0, 9, 0, TimeSpan.Zero))), Is.False);

    [Test]
    public void CompressedDay_WithLateRowsWaitingToBeMerged_IsNotSealed()
    {
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.gz", AfterClose, siblings: "aggtrade_BTCUSDT_20260101.csv")), Is.False);
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.gz", AfterClose, siblings: "aggtrade_BTCUSDT_20260101.csv.gz.7.tmp")), Is.False);
    }

    [Test]
    public void Csv_IsSealedOnlyWithoutCompression_AndOnceTheWriterDroppedIt()
    {
        const string name = "aggtrade_BTCUSDT_20260101.csv";
        Assert.That(SealedFileRule.IsSealed(Context(name, AfterClose, compress: true)), Is.False, "about to be compressed");
        Assert.That(SealedFileRule.IsSealed(Context(name, AfterClose, compress: false)), Is.True);
        Assert.That(SealedFileRule.IsSealed(Context(name, AfterClose, compress: false, held: new HashSet<string> { "BTCUSDT/" + name })), Is.False, "the writer holds it");
        Assert.That(SealedFileRule.IsSealed(Context(name, AfterClose, compress: false) with { Held = null }), Is.False, "unreadable checkpoint: assume held");
    }

    [Test]
    public void UnknownSuffixes_AreNotSealed() =>
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.gz.3.tmp", AfterClose)), Is.False);

    [Test]
    public void ZstdDay_IsSealedLikeAGzipDay_AndNotWhileLateRowsWait()
    {
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.zst", AfterClose)), Is.True);
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.zst", AfterClose, siblings: "aggtrade_BTCUSDT_20260101.csv")), Is.False);
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.csv.zst", AfterClose, siblings: "aggtrade_BTCUSDT_20260101.csv.zst.2.tmp")), Is.False);
    }

    [Test]
    public void ParquetPart_IsSealedOnceItHasItsName_EvenBeforeItsDayIsOver_ButDeletedLocallyOnlyAfter()
    {
        var beforeClose = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var part = Context("aggtrade_BTCUSDT_20260101.h07.p001.parquet", beforeClose);
        Assert.That(SealedFileRule.IsSealed(part), Is.True, "a part is renamed into place whole and never written again");
        Assert.That(SealedFileRule.MayDeleteLocal(part), Is.False, "its day may still get parts: the next number must not repeat a deleted one");
        Assert.That(SealedFileRule.MayDeleteLocal(part with { Now = AfterClose }), Is.True);
        Assert.That(SealedFileRule.IsSealed(Context("aggtrade_BTCUSDT_20260101.h07.csv.parquet.4.tmp", AfterClose)), Is.False, "a seal in progress");
        Assert.That(SealedFileRule.CsvName("aggtrade_BTCUSDT_20260101.h07.p002.parquet"), Is.EqualTo("aggtrade_BTCUSDT_20260101.h07.csv"));
    }

    [Test]
    public void ConvertsCsv_WithParquetOrCompression()
    {
        var storage = new Core.Configuration.StorageConfig("/d", TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(1), 0, Core.Configuration.CsvCompression.None,
            TimeSpan.FromMinutes(10), false, 1L << 20, 1L << 20);
        Assert.That(SealedFileRule.ConvertsCsv(storage), Is.False);
        Assert.That(SealedFileRule.ConvertsCsv(storage with { Format = Core.Configuration.StorageFormat.Parquet }), Is.True);
        Assert.That(SealedFileRule.ConvertsCsv(storage with { Compress = Core.Configuration.CsvCompression.Zstd }), Is.True);
    }
}
