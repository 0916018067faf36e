using Streamer.Simulator.Market;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Tests;

public class UnitTests
{
    [TestCase(6180020L, 2, "61800.20")]
    [TestCase(14L, 3, "0.014")]
    [TestCase(3661L, 0, "3661")]
    [TestCase(-5L, 2, "-0.05")]
    [TestCase(10L, 2, "0.10")]
    [TestCase(1L, 7, "0.0000001")]
    public void FixedPoint_FormatsLikeBinance(long units, int decimals, string expected) =>
        Assert.That(FixedPoint.Format(units, decimals), Is.EqualTo(expected));

    [Test]
    public void FixedPoint_Formats128BitSums()
    {
        Span<byte> buffer = stackalloc byte[64];
        var n = FixedPoint.Write(buffer, (Int128)long.MaxValue * 10 + 5, 5);
        Assert.That(System.Text.Encoding.ASCII.GetString(buffer[..n]), Is.EqualTo("922337203685477.58075"));
    }

    [Test]
    public void BookSide_KeepsBestAtTheTop_ForBothSides()
    {
        var bids = new BookSide(isBid: true);
        var asks = new BookSide(isBid: false);
        foreach (var price in new long[] { 100, 105, 95, 103 })
        {
            bids.Set(price, price);
            asks.Set(price + 10, price);
        }

        Assert.That(bids.BestPrice, Is.EqualTo(105));
        Assert.That(asks.BestPrice, Is.EqualTo(105));
        Assert.That(bids.PriceAt(3), Is.EqualTo(95));
        bids.Set(105, 0);
        Assert.That(bids.BestPrice, Is.EqualTo(103));
        Assert.That(bids.Count, Is.EqualTo(3));
        Assert.That(bids.Get(100), Is.EqualTo(100));
        Assert.That(bids.Get(101), Is.Zero);
    }

    [Test]
    public void SymbolCatalog_ListsAbout300_WithRealBtcAndEth()
    {
        var catalog = new SymbolCatalog(["FOOUSDT"]);
        Assert.That(catalog.Listed, Has.Count.EqualTo(SymbolCatalog.ListedCount + 1));
        var btc = catalog.Find("BTCUSDT")!;
        Assert.That((btc.TickSize, btc.StepSize, btc.PricePrecision, btc.QuantityPrecision), Is.EqualTo(("0.10", "0.001", 2, 3)));
        Assert.That(catalog.Find("ETHUSDT")!.TickSize, Is.EqualTo("0.01"));
        Assert.That(catalog.Listed.All(s => s.ReferencePriceUnits / s.TickUnits > 1500), Is.True, "room for the book's depth");
    }

    [Test]
    public void Prng_IsDeterministicPerSeedAndSymbol()
    {
        var a = new Prng(Prng.SeedFor(1, "BTCUSDT"));
        var b = new Prng(Prng.SeedFor(1, "BTCUSDT"));
        var c = new Prng(Prng.SeedFor(1, "ETHUSDT"));
        var first = Enumerable.Range(0, 5).Select(_ => a.NextUInt64()).ToList();
        Assert.That(Enumerable.Range(0, 5).Select(_ => b.NextUInt64()), Is.EqualTo(first));
        Assert.That(Enumerable.Range(0, 5).Select(_ => c.NextUInt64()), Is.Not.EqualTo(first));
    }
}
