using Streamer.Binance.Parsing;
using Streamer.Core.Streams;
using static Streamer.Bybit.Tests.Messages;

namespace Streamer.Bybit.Tests.Parsing;

/// <summary>tickers: a snapshot, then deltas of the changed fields only; every message writes the merged state.</summary>
public sealed class TickerTests
{
    private const string SnapshotRow = "1673272861686,17216.00,17217.33,17227.36,-0.000212,1673280000000,68744.761,1183601235.91,17215.50,84.489,17216.00,83.020,17281.50,16915.00,16926.50,0.017103,91705.276,1570383121.943499,24987956059";

    [Test]
    public void Snapshot_WritesEveryColumn_InTheCatalogsOrder()
    {
        var (result, csv) = Parse(TickerSnapshot);

        Assert.That(csv, Is.EqualTo($"{SnapshotRow},{Local}\n"));
        Assert.That(result, Is.EqualTo(new ParsedMessage(ParseOutcome.Rows, StreamType.Ticker, 1673272861686, 1673272861686, 24987956059, 24987956059, 0, false, 1, ParseError.None, null)));
        Assert.That(csv.TrimEnd('\n').Split(',').Length, Is.EqualTo(StreamCatalog.Ticker.Header.Split(',').Length));
    }

    [Test]
    public void Delta_ChangesOnlyItsFields_OfTheMergedState()
    {
        var parser = new BybitMessageParser("BTCUSDT");
        Parse(parser, TickerSnapshot);

        var (result, csv) = Parse(parser, TickerDelta);

        Assert.That(csv, Is.EqualTo($"1673272861786,17216.00,17218.01,17227.36,-0.000212,1673280000000,68744.761,1183601235.91,17215.00,84.000,17216.00,83.020,17281.50,16915.00,16926.50,0.017103,91705.276,1570383121.943499,24987956060,{Local}\n"));
        Assert.That((result.FirstId, result.EventTimeMs), Is.EqualTo((24987956060L, 1673272861786L)));
    }

    [Test]
    public void DeltaBeforeAnySnapshot_LeavesFieldsNeverReceivedEmpty()
    {
        var (_, csv) = Parse(TickerDelta);

        Assert.That(csv, Is.EqualTo($"1673272861786,,17218.01,,,,,,17215.00,84.000,,,,,,,,,24987956060,{Local}\n"));
    }

    [Test]
    public void NewSnapshot_ReplacesTheWholeState()
    {
        var parser = new BybitMessageParser("BTCUSDT");
        Parse(parser, TickerSnapshot);
        const string small = """{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","lastPrice":"17300.00"},"cs":24987957000,"ts":1673272900000}""";

        var (_, csv) = Parse(parser, small);

        Assert.That(csv, Is.EqualTo($"1673272900000,17300.00,,,,,,,,,,,,,,,,,24987957000,{Local}\n"));
    }

    [Test]
    public void BadDelta_IsAnError_AndLeavesTheStateAsItWas()
    {
        var parser = new BybitMessageParser("BTCUSDT");
        Parse(parser, TickerSnapshot);
        const string bad = """{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","bid1Price":"1.0","markPrice":"1,0"},"cs":24987956060,"ts":1673272861786}""";

        var (error, none) = Parse(parser, bad);
        var (_, csv) = Parse(parser, TickerDelta);

        Assert.That((error.Outcome, error.Error, error.Stream, none), Is.EqualTo((ParseOutcome.Error, ParseError.BadField, StreamType.Ticker, "")));
        Assert.That(csv, Does.Contain(",17215.00,84.000,"), "the bad delta's valid bid1Price was not applied either");
        Assert.That(csv, Does.StartWith("1673272861786,17216.00,17218.01,"));
    }

    [Test]
    public void TickerWithoutCs_HasAnEmptyCrossSeq_AndIdZero()
    {
        const string noCs = """{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","lastPrice":"17300.00"},"ts":1673272900000}""";

        var (result, csv) = Parse(noCs);

        Assert.That(csv, Is.EqualTo($"1673272900000,17300.00,,,,,,,,,,,,,,,,,,{Local}\n"));
        Assert.That(result.FirstId, Is.Zero);
    }
}
