using NUnit.Framework;
using Streamer.OrderBook.Books;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

public class LocalOrderBookTests
{
    [Test]
    public void Levels_AreSortedBestFirst_OnBothSides()
    {
        var book = new LocalOrderBook();
        book.Load(Snapshot(1, [("100.5", "1"), ("101.0", "2"), ("99", "3")], [("103", "1"), ("102.25", "2"), ("104", "3")]));

        Assert.That(Enumerable.Range(0, 3).Select(i => Text(book.Bids[i].Price)), Is.EqualTo(new[] { "101.0", "100.5", "99" }));
        Assert.That(Enumerable.Range(0, 3).Select(i => Text(book.Asks[i].Price)), Is.EqualTo(new[] { "102.25", "103", "104" }));
    }

    [Test]
    public void QuantityZero_RemovesTheLevel_AndAbsoluteQuantitiesReplace()
    {
        var book = new LocalOrderBook();
        book.Load(Snapshot(1, [("100", "1"), ("99", "2")], [("101", "1")]));
        book.Apply(Update(2, 3, 1, bids: [("100", "0"), ("99", "5.5")], asks: [("101.5", "2")]));

        Assert.That(book.Bids.Count, Is.EqualTo(1));
        Assert.That(book.Bids.TryGetBest(out var bid) && bid == new PriceLevel(99m, 5.5m), Is.True);
        Assert.That(book.Asks.Count, Is.EqualTo(2));
        Assert.That(book.LastUpdateId, Is.EqualTo(3));
    }

    [Test]
    public void RemovingAnAbsentLevel_ChangesNothing()
    {
        var book = new LocalOrderBook();
        book.Load(Snapshot(1, [("100", "1")], [("101", "1")]));
        book.Apply(Update(2, 2, 1, bids: [("98", "0")], asks: [("150", "0.000")]));

        Assert.That((book.Bids.Count, book.Asks.Count), Is.EqualTo((1, 1)));
    }

    [Test]
    public void PricesAndQuantities_KeepTheExchangesTextualScale()
    {
        var book = new LocalOrderBook();
        book.Load(Snapshot(1, [("61659.70", "0.010")], [("61659.80", "1.500")]));

        Assert.That((Text(book.Bids[0].Price), Text(book.Bids[0].Quantity)), Is.EqualTo(("61659.70", "0.010")));
        Assert.That((Text(book.Asks[0].Price), Text(book.Asks[0].Quantity)), Is.EqualTo(("61659.80", "1.500")));
    }

    [Test]
    public void SamePriceWithAnotherScale_IsTheSameLevel()
    {
        var book = new LocalOrderBook();
        book.Load(Snapshot(1, [("100.10", "1")], [("101", "1")]));
        book.Apply(Update(2, 2, 1, bids: [("100.1", "2")]));

        Assert.That(book.Bids.Count, Is.EqualTo(1));
        Assert.That(book.Bids.QuantityAt(100.100m), Is.EqualTo(2m));
    }

    [Test]
    public void CrossedBook_IsDetected()
    {
        var book = new LocalOrderBook();
        book.Load(Snapshot(1, [("100", "1")], [("101", "1")]));
        Assert.That(book.IsCrossed, Is.False);

        book.Apply(Update(2, 2, 1, bids: [("101", "1")]));
        Assert.That(book.IsCrossed, Is.True, "best bid equal to best ask");
    }

    [Test]
    public void ManyLevels_GrowPastTheInitialCapacity_AndStaySorted()
    {
        var book = new LocalOrderBook();
        var rng = new Random(7);
        var reference = new SortedDictionary<decimal, decimal>();
        for (var i = 0; i < 60_000; i++)
        {
            var price = rng.Next(1, 8000) / 10m;
            var qty = rng.Next(0, 3) == 0 ? 0m : rng.Next(1, 1000) / 1000m;
            book.Bids.Set(price, qty);
            if (qty == 0)
            {
                reference.Remove(price);
            }
            else
            {
                reference[price] = qty;
            }
        }

        Assert.That(book.Bids.Count, Is.EqualTo(reference.Count).And.GreaterThan(5000));
        var expected = reference.Reverse().Take(20).Select(kv => new PriceLevel(kv.Key, kv.Value)).ToArray();
        var top = new PriceLevel[20];
        Assert.That(book.Bids.CopyTop(top), Is.EqualTo(20));
        Assert.That(top, Is.EqualTo(expected));
        Assert.That(Enumerable.Range(0, book.Bids.Count).Select(i => book.Bids[i].Price), Is.Ordered.Descending);
    }

    [Test]
    public void TopN_OfAShortSide_CopiesWhatThereIs()
    {
        var book = new LocalOrderBook();
        book.Load(Snapshot(1, [("100", "1"), ("99", "1")], []));
        var top = new PriceLevel[5];

        Assert.That(book.Bids.CopyTop(top), Is.EqualTo(2));
        Assert.That(book.Asks.CopyTop(top), Is.Zero);
        Assert.That(book.Asks.TryGetBest(out _), Is.False);
        Assert.That(book.IsCrossed, Is.False, "an empty side is not crossed");
    }
}
