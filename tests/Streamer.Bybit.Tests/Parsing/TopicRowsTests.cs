using Streamer.Binance.Parsing;
using Streamer.Core.Streams;
using static Streamer.Bybit.Tests.Messages;

namespace Streamer.Bybit.Tests.Parsing;

/// <summary>Every topic's rows, byte for byte, in the recorder's columns (StreamCatalog), and what the worker learns from each message.</summary>
public sealed class TopicRowsTests
{
    [Test]
    public void PublicTrade_WritesOneTradeRowPerTrade_WithSeqAsTheIds()
    {
        var (result, csv) = Parse(Trade);

        Assert.That(csv, Is.EqualTo(
            $"20f43950-d8dd-5b31-9112-a178eb6023af,16578.50,0.001,false,1672304486865,1783284617,false,{Local}\n" +
            $"7a3c5e1f-0b2d-5c4e-8f6a-9d1b2c3e4f5a,16578.00,0.250,true,1672304486866,1783284618,true,{Local}\n"));
        Assert.That(result, Is.EqualTo(new ParsedMessage(ParseOutcome.Rows, StreamType.Trade, 1672304486865, 1672304486868, 1783284617, 1783284618, 0, false, 2, ParseError.None, null)));
        Assert.That(result.OrderingKey, Is.EqualTo(1783284618));
        Assert.That(csv.Split('\n')[0].Split(',').Length, Is.EqualTo(StreamCatalog.Trade.Header.Split(',').Length));
    }

    [Test]
    public void BookSnapshot_WritesDepthSnapshotRows_BidsFirst()
    {
        var (result, csv) = Parse(BookSnapshot);

        Assert.That(csv, Is.EqualTo(
            $"18521288,1672304484978,1672304484976,bid,16493.50,0.006,{Local}\n" +
            $"18521288,1672304484978,1672304484976,bid,16493.00,0.100,{Local}\n" +
            $"18521288,1672304484978,1672304484976,ask,16611.00,0.029,{Local}\n" +
            $"18521288,1672304484978,1672304484976,ask,16612.00,0.213,{Local}\n"));
        Assert.That(result, Is.EqualTo(new ParsedMessage(ParseOutcome.Rows, StreamType.DepthSnapshot, 1672304484978, 1672304484978, 18521288, 18521288, 0, false, 4, ParseError.None, null)));
        Assert.That(csv.Split('\n')[0].Split(',').Length, Is.EqualTo(StreamCatalog.DepthSnapshot.Header.Split(',').Length));
    }

    [Test]
    public void BookDelta_WritesDepthRows_WithUAsFirstAndFinalId_AndNoPreviousId()
    {
        var (result, csv) = Parse(BookDelta);

        Assert.That(csv, Is.EqualTo(
            $"1672304485078,1672304485070,18521289,18521289,,bid,16493.50,0,{Local}\n" +
            $"1672304485078,1672304485070,18521289,18521289,,ask,16611.00,0.039,{Local}\n" +
            $"1672304485078,1672304485070,18521289,18521289,,ask,16615.50,1.200,{Local}\n"));
        Assert.That(result, Is.EqualTo(new ParsedMessage(ParseOutcome.Rows, StreamType.Depth, 1672304485078, 1672304485078, 18521289, 18521289, 0, false, 3, ParseError.None, null)));
        Assert.That(csv.Split('\n')[0].Split(',').Length, Is.EqualTo(StreamCatalog.Depth.Header.Split(',').Length));
    }

    [Test]
    public void EmptyBookDelta_WritesOneRowWithEmptyLevel_SoTheChainStaysInTheFile()
    {
        var (result, csv) = Parse(EmptyBookDelta);

        Assert.That(csv, Is.EqualTo($"1672304485178,1672304485170,18521290,18521290,,,,,{Local}\n"));
        Assert.That((result.Outcome, result.Stream, result.FirstId, result.LastId, result.Rows), Is.EqualTo((ParseOutcome.Rows, StreamType.Depth, 18521290L, 18521290L, 1)));
    }

    [Test]
    public void BookWithoutCts_LeavesTransactTimeEmpty()
    {
        var (_, csv) = Parse(BookDelta.Replace(""","cts":1672304485070""", "", StringComparison.Ordinal));

        Assert.That(csv.Split('\n')[0], Is.EqualTo($"1672304485078,,18521289,18521289,,bid,16493.50,0,{Local}"));
    }

    [Test]
    public void ClosedKline_WritesKline1mRow_WithEmptyCountAndTakerVolumes()
    {
        var (result, csv) = Parse(ClosedKline);

        Assert.That(csv, Is.EqualTo($"1672324800000,16649.5,16677,16608,16677,2.081,1672324859999,34666.4005,,,,true,1672324860012,{Local}\n"));
        Assert.That(result, Is.EqualTo(new ParsedMessage(ParseOutcome.Rows, StreamType.Kline1m, 1672324800000, 1672324860012, 1672324800000, 1672324800000, 0, true, 1, ParseError.None, null)));
        Assert.That(csv.TrimEnd('\n').Split(',').Length, Is.EqualTo(StreamCatalog.Kline1m.Header.Split(',').Length));
    }

    [Test]
    public void OpenKline_IsSkipped_UnlessEveryUpdateIsWanted()
    {
        var (skipped, none) = Parse(OpenKline);
        var (all, csv) = Parse(OpenKline, klineAll: true);

        Assert.That((skipped.Outcome, skipped.Stream, skipped.FirstId, none), Is.EqualTo((ParseOutcome.Skipped, StreamType.Kline1m, 1672324860000L, "")));
        Assert.That(csv, Is.EqualTo($"1672324860000,16677,16681,16676,16680.5,0.513,1672324919999,8556.6165,,,,false,1672324865123,{Local}\n"));
        Assert.That((all.Outcome, all.Closed), Is.EqualTo((ParseOutcome.Rows, false)));
    }

    [Test]
    public void KlineWithoutTimestamp_TakesTheMessageTs()
    {
        var (result, csv) = Parse(ClosedKline.Replace(""","timestamp":1672324860012""", "", StringComparison.Ordinal));

        Assert.That(csv, Does.EndWith($",true,1672324860020,{Local}\n"));
        Assert.That(result.EventTimeMs, Is.EqualTo(1672324860020));
    }

    [Test]
    public void Liquidation_WritesTheLiquidationOrdersSide_OppositeToThePositions()
    {
        var (result, csv) = Parse(Liquidation);

        // S is the liquidated position's side: a Sell (short) position is closed by a BUY order, a Buy (long) by a SELL.
        Assert.That(csv, Is.EqualTo(
            $"1739502303204,BUY,,,0.020,96325.10,,,0.020,0.020,1739502302929,{Local}\n" +
            $"1739502303204,SELL,,,1.500,96330.00,,,1.500,1.500,1739502302931,{Local}\n"));
        Assert.That(result, Is.EqualTo(new ParsedMessage(ParseOutcome.Rows, StreamType.ForceOrder, 1739502303204, 1739502303204, 1739502303204, 1739502303204, 0, false, 2, ParseError.None, null)));
        Assert.That(csv.Split('\n')[0].Split(',').Length, Is.EqualTo(StreamCatalog.ForceOrder.Header.Split(',').Length));
    }

    [Test]
    public void KeyOrder_DoesNotMatter()
    {
        const string reordered = """{"data":[{"seq":1783284617,"BT":false,"i":"20f43950-d8dd-5b31-9112-a178eb6023af","L":"PlusTick","p":"16578.50","v":"0.001","S":"Buy","s":"BTCUSDT","T":1672304486865}],"ts":1672304486868,"type":"snapshot","topic":"publicTrade.BTCUSDT"}""";

        var (_, csv) = Parse(reordered);

        Assert.That(csv, Is.EqualTo($"20f43950-d8dd-5b31-9112-a178eb6023af,16578.50,0.001,false,1672304486865,1783284617,false,{Local}\n"));
    }
}
