using System.Text;
using NUnit.Framework;
using Streamer.Core.Csv;
using Streamer.Core.Streams;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Sync;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

public class DepthCsvDecoderTests
{
    [Test]
    public void DepthUpdate_RoundTripsThroughCsvRows()
    {
        var original = Update(100, 110, 95, bids: [("61659.70", "0.010"), ("61659.60", "0")], asks: [("61659.80", "1.500")]);
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteUpdate(rows, original);

        Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan).Split('\n')[0],
            Is.EqualTo("1700000000000,1699999999999,100,110,95,bid,61659.70,0.010,1700000000000005"));
        Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan).Split('\n')[0].Split(',').Length, Is.EqualTo(StreamCatalog.Depth.Columns.Count));

        var decoded = new DepthUpdate();
        Assert.That(DepthCsvDecoder.TryDecodeUpdate(rows.WrittenSpan, decoded, out var error), Is.True, error);
        AssertSame(decoded, original);
        Assert.That(Text(decoded.Bids.Span[0].Quantity), Is.EqualTo("0.010"), "the decimal keeps the textual scale");
    }

    [Test]
    public void DepthUpdateWithoutLevels_IsOneRowWithEmptyLevelFields_AndRoundTrips()
    {
        var original = Update(7, 7, 6);
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteUpdate(rows, original);
        Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan), Is.EqualTo("1700000000000,1699999999999,7,7,6,,,,1700000000000005\n"));

        var decoded = new DepthUpdate();
        Assert.That(DepthCsvDecoder.TryDecodeUpdate(rows.WrittenSpan, decoded, out var error), Is.True, error);
        AssertSame(decoded, original);
    }

    [Test]
    public void Snapshot_RoundTripsThroughCsvRows()
    {
        var original = Snapshot(5123107852948, [("61659.70", "3.818"), ("61659.00", "0.413")], [("61659.80", "2.000")]);
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteSnapshot(rows, original);
        Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan).Split('\n')[0].Split(',').Length, Is.EqualTo(StreamCatalog.DepthSnapshot.Columns.Count));

        var decoded = new BookSnapshot();
        Assert.That(DepthCsvDecoder.TryDecodeSnapshot(rows.WrittenSpan, decoded, out var error), Is.True, error);
        Assert.That((decoded.LastUpdateId, decoded.EventTimeMs, decoded.TransactTimeMs, decoded.LocalTimeUs),
            Is.EqualTo((original.LastUpdateId, original.EventTimeMs, original.TransactTimeMs, original.LocalTimeUs)));
        Assert.That(decoded.Bids.Span.ToArray(), Is.EqualTo(original.Bids.Span.ToArray()));
        Assert.That(decoded.Asks.Span.ToArray().Select(l => Text(l.Quantity)), Is.EqualTo(new[] { "2.000" }));
    }

    [Test]
    public void SpotDepthRows_WithEmptyTransactTimeAndPu_Decode()
    {
        const string rows = "1700000000000,,100,110,,bid,61659.70,0.010,1700000000000005\n1700000000000,,100,110,,ask,61659.80,1.5,1700000000000007\n";
        var decoded = new DepthUpdate();
        Assert.That(DepthCsvDecoder.TryDecodeUpdate(Encoding.UTF8.GetBytes(rows), decoded, out var error), Is.True, error);
        Assert.That((decoded.EventTimeMs, decoded.TransactTimeMs, decoded.FirstUpdateId, decoded.FinalUpdateId, decoded.PrevFinalUpdateId, decoded.LocalTimeUs),
            Is.EqualTo((1_700_000_000_000L, 0L, 100L, 110L, 0L, 1_700_000_000_000_007L)));
        Assert.That((decoded.Bids.Count, decoded.Asks.Count), Is.EqualTo((1, 1)));
    }

    [Test]
    public void SpotSnapshotRows_WithEmptyTimes_Decode()
    {
        const string rows = "5123107852948,,,bid,61659.70,3.818,1700000000000000\n5123107852948,,,ask,61659.80,2.000,1700000000000000\n";
        var decoded = new BookSnapshot();
        Assert.That(DepthCsvDecoder.TryDecodeSnapshot(Encoding.UTF8.GetBytes(rows), decoded, out var error), Is.True, error);
        Assert.That((decoded.LastUpdateId, decoded.EventTimeMs, decoded.TransactTimeMs, decoded.LocalTimeUs), Is.EqualTo((5123107852948L, 0L, 0L, 1_700_000_000_000_000L)));
        Assert.That((decoded.Bids.Count, decoded.Asks.Count), Is.EqualTo((1, 1)));
    }

    [Test]
    public void SpotEncoding_WritesTheUnsentColumnsEmpty_AndRoundTrips()
    {
        var update = Update(100, 110, 0, bids: [("1.5", "2")]);
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteUpdate(rows, update, Core.Exchanges.ExchangeIds.BinanceSpot);
        Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan), Is.EqualTo("1700000000000,,100,110,,bid,1.5,2,1700000000000005\n"));
        var decoded = new DepthUpdate();
        Assert.That(DepthCsvDecoder.TryDecodeUpdate(rows.WrittenSpan, decoded, out var error), Is.True, error);
        Assert.That((decoded.TransactTimeMs, decoded.PrevFinalUpdateId, decoded.FinalUpdateId), Is.EqualTo((0L, 0L, 110L)));

        var snapshotRows = new CsvRowBuilder();
        DepthCsvEncoder.WriteSnapshot(snapshotRows, Snapshot(7, [("1.4", "1")], []), Core.Exchanges.ExchangeIds.BinanceSpot);
        Assert.That(Encoding.UTF8.GetString(snapshotRows.WrittenSpan), Is.EqualTo("7,,,bid,1.4,1,1700000000000000\n"));
    }

    [TestCase(",,100,110,,bid,1.0,1.0,9\n", "non-numeric")]
    [TestCase("1,,,110,,bid,1.0,1.0,9\n", "non-numeric")]
    [TestCase("1,,100,,,bid,1.0,1.0,9\n", "non-numeric")]
    [TestCase("1,,100,110,,bid,1.0,1.0,\n", "local_time_us")]
    [TestCase("1,x,100,110,,bid,1.0,1.0,9\n", "non-numeric")]
    public void EmptyRequiredDepthColumns_AreStillRejected(string text, string reason)
    {
        Assert.That(DepthCsvDecoder.TryDecodeUpdate(Encoding.UTF8.GetBytes(text), new DepthUpdate(), out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }

    [TestCase("1,2,3,4,5,bid,1.0,1.0,9\n1,2,3,4,6,ask,2.0,1.0,9\n", "more than one depthUpdate")]
    [TestCase("1,2,3,4,5,buy,1.0,1.0,9\n", "neither bid nor ask")]
    [TestCase("1,2,3,4,5,bid,1.0,1.0,9", "line end")]
    [TestCase("1,2,x,4,5,bid,1.0,1.0,9\n", "non-numeric")]
    [TestCase("1,2,3,4,5,bid,1e,1.0,9\n", "decimal")]
    [TestCase("1,2,3,4,5,bid,1.0,-1,9\n", "decimal")]
    [TestCase("1,2,3,4,5,bid,1.0,1.0,9,extra\n", "extra columns")]
    [TestCase("1,2,3,4,5,bid,1.0\n", "too few columns")]
    [TestCase("1,2,3,4,5,,,,9\n1,2,3,4,5,bid,1.0,1.0,9\n", "mixes")]
    [TestCase("", "no rows")]
    public void MalformedDepthRows_AreRejectedWithAReason(string text, string reason)
    {
        Assert.That(DepthCsvDecoder.TryDecodeUpdate(Encoding.UTF8.GetBytes(text), new DepthUpdate(), out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void MalformedSnapshotRows_AreRejectedWithAReason()
    {
        Assert.That(DepthCsvDecoder.TryDecodeSnapshot("1,2,3,bid,1.0,1.0,9\n2,2,3,ask,2.0,1.0,9\n"u8, new BookSnapshot(), out var error), Is.False);
        Assert.That(error, Does.Contain("more than one snapshot"));
    }

    [Test]
    public void OrderBookRow_HasTheHeadersColumns_AndEmptyFieldsForMissingLevels()
    {
        var book = new Books.LocalOrderBook();
        book.Load(Snapshot(42, [("100.10", "1.000"), ("100.00", "2")], [("100.20", "0.5")], eventTime: 1_700_000_000_123));
        var formatter = new OrderBookRowFormatter(3);

        var row = Encoding.UTF8.GetString(formatter.Format(book, 1_700_000_000_200_000).Span);

        Assert.That(row, Is.EqualTo("1700000000200000,42,1700000000123,100.10,1.000,100.20,0.5,100.00,2,,,,,,\n"));
        Assert.That(row.TrimEnd('\n').Split(',').Length, Is.EqualTo(formatter.Header.Split(',').Length));
        Assert.That(formatter.Header, Is.EqualTo(StreamCatalog.OrderBookHeader(3)));
    }

    private static void AssertSame(DepthUpdate actual, DepthUpdate expected)
    {
        Assert.That((actual.EventTimeMs, actual.TransactTimeMs, actual.FirstUpdateId, actual.FinalUpdateId, actual.PrevFinalUpdateId, actual.LocalTimeUs),
            Is.EqualTo((expected.EventTimeMs, expected.TransactTimeMs, expected.FirstUpdateId, expected.FinalUpdateId, expected.PrevFinalUpdateId, expected.LocalTimeUs)));
        Assert.That(actual.Bids.Span.ToArray(), Is.EqualTo(expected.Bids.Span.ToArray()));
        Assert.That(actual.Asks.Span.ToArray(), Is.EqualTo(expected.Asks.Span.ToArray()));
        Assert.That(actual.Bids.Span.ToArray().Select(l => Text(l.Price) + "x" + Text(l.Quantity)),
            Is.EqualTo(expected.Bids.Span.ToArray().Select(l => Text(l.Price) + "x" + Text(l.Quantity))));
    }
}
