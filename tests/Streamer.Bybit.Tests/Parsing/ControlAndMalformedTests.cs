using Streamer.Binance.Parsing;
using Streamer.Core.Streams;
using static Streamer.Bybit.Tests.Messages;

namespace Streamer.Bybit.Tests.Parsing;

/// <summary>Replies to our requests, refusals, other symbols and broken input: results, never exceptions, and never half a message.</summary>
public sealed class ControlAndMalformedTests
{
    [TestCase(SubscribeOk)]
    [TestCase(Pong)]
    public void SubscribeReplyAndPong_AreSkipped(string json)
    {
        var (result, csv) = Parse(json);

        Assert.That((result.Outcome, result.Stream, result.Rows, csv), Is.EqualTo((ParseOutcome.Skipped, StreamType.None, 0, "")));
    }

    [Test]
    public void RefusedSubscribe_IsAnError_NamingBybitsReason()
    {
        var (result, csv) = Parse(SubscribeRefused);

        Assert.That((result.Outcome, result.Error, csv), Is.EqualTo((ParseOutcome.Error, ParseError.BadField, "")));
        Assert.That(result.Reason, Does.Contain("subscribe").And.Contain("handler not found,topic:orderbook.5000.BTCUSDT"));
    }

    [TestCase(Trade, "publicTrade.BTCUSDT", "publicTrade.ETHUSDT", StreamType.Trade)]
    [TestCase(BookDelta, "orderbook.500.BTCUSDT", "orderbook.500.ETHUSDT", StreamType.Depth)]
    [TestCase(ClosedKline, "kline.1.BTCUSDT", "kline.1.ETHUSDT", StreamType.Kline1m)]
    [TestCase(TickerSnapshot, "tickers.BTCUSDT", "tickers.ETHUSDT", StreamType.Ticker)]
    [TestCase(Liquidation, "allLiquidation.BTCUSDT", "allLiquidation.ETHUSDT", StreamType.ForceOrder)]
    public void AnotherSymbolsTopic_IsWrongSymbol(string json, string topic, string otherTopic, StreamType stream)
    {
        var (result, csv) = Parse(json.Replace(topic, otherTopic, StringComparison.Ordinal));

        Assert.That((result.Outcome, result.Error, result.Stream, csv), Is.EqualTo((ParseOutcome.Error, ParseError.WrongSymbol, stream, "")));
    }

    [Test]
    public void AnotherSymbolInsideTheData_IsWrongSymbol()
    {
        var (trade, _) = Parse(Trade.Replace("\"s\":\"BTCUSDT\",\"S\":\"Sell\"", "\"s\":\"ETHUSDT\",\"S\":\"Sell\"", StringComparison.Ordinal));
        var (ticker, _) = Parse(TickerDelta.Replace("\"symbol\":\"BTCUSDT\"", "\"symbol\":\"ETHUSDT\"", StringComparison.Ordinal));

        Assert.That(trade.Error, Is.EqualTo(ParseError.WrongSymbol));
        Assert.That(ticker.Error, Is.EqualTo(ParseError.WrongSymbol));
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("""{"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"T":1""")]
    [TestCase("""{"topic":"orderbook.500.BTCUSDT","type":"delta","ts":1,"data":{"b":[["1.0","2"]""")]
    public void BrokenJson_IsInvalidJson(string json)
    {
        var (result, csv) = Parse(json);

        Assert.That((result.Outcome, result.Error, csv), Is.EqualTo((ParseOutcome.Error, ParseError.InvalidJson, "")));
    }

    [Test]
    public void UnknownTopic_AndMessageWithoutTopicOrOp_AreUnknownEvents()
    {
        var (topic, _) = Parse("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1,"data":{}}""");
        var (nothing, _) = Parse("""{"hello":1}""");

        Assert.That(topic.Error, Is.EqualTo(ParseError.UnknownEvent));
        Assert.That(topic.Reason, Does.Contain("orderbook.50.BTCUSDT"));
        Assert.That(nothing.Error, Is.EqualTo(ParseError.UnknownEvent));
    }

    [Test]
    public void ABadTradeAtTheEnd_WritesNoRowAtAll()
    {
        var (result, csv) = Parse(Trade.Replace("\"v\":\"0.250\"", "\"v\":\"0,250\"", StringComparison.Ordinal));

        Assert.That((result.Outcome, result.Error, result.Stream, csv), Is.EqualTo((ParseOutcome.Error, ParseError.BadField, StreamType.Trade, "")));
    }

    [TestCase("\"S\":\"Buy\"", "\"S\":\"BUY\"")]
    [TestCase("\"seq\":1783284617", "\"seq\":\"x\"")]
    [TestCase("\"T\":1672304486865", "\"T\":null")]
    [TestCase("\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\"", "\"i\":\"a,b\"")]
    [TestCase("\"BT\":false", "\"BT\":\"no\"")]
    [TestCase("\"data\":[", "\"data\":[],\"x\":[")]
    public void TradeWithABadField_IsBadField(string field, string replacement)
    {
        var (result, csv) = Parse(Trade.Replace(field, replacement, StringComparison.Ordinal));

        Assert.That((result.Outcome, result.Error, csv), Is.EqualTo((ParseOutcome.Error, ParseError.BadField, "")));
    }

    [TestCase(BookDelta, "[\"16493.50\",\"0\"]", "[\"16493.50\"]")]
    [TestCase(BookDelta, "\"u\":18521289", "\"u\":\"18521289x\"")]
    [TestCase(BookDelta, "\"type\":\"delta\"", "\"type\":\"update\"")]
    [TestCase(BookDelta, "\"ts\":1672304485078", "\"ts\":\"soon\"")]
    [TestCase(ClosedKline, "\"interval\":\"1\"", "\"interval\":\"5\"")]
    [TestCase(ClosedKline, "\"confirm\":true", "\"confirm\":\"true\"")]
    [TestCase(Liquidation, "\"S\":\"Sell\"", "\"S\":\"Short\"")]
    [TestCase(TickerDelta, "\"type\":\"delta\"", "\"type\":\"x\"")]
    [TestCase(TickerDelta, "\"cs\":24987956060", "\"cs\":true")]
    public void OtherTopicsWithABadField_AreBadField(string json, string field, string replacement)
    {
        Assert.That(json, Does.Contain(field));

        var (result, csv) = Parse(json.Replace(field, replacement, StringComparison.Ordinal));

        Assert.That((result.Outcome, result.Error, csv), Is.EqualTo((ParseOutcome.Error, ParseError.BadField, "")));
    }

    [Test]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(21);
        var parser = new BybitMessageParser("BTCUSDT");
        var samples = new[] { Trade, BookSnapshot, BookDelta, ClosedKline, TickerSnapshot, Liquidation, SubscribeRefused };
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(samples[i % samples.Length]);
            var cut = bytes[..random.Next(bytes.Length + 1)];
            if (cut.Length > 0)
            {
                cut[random.Next(cut.Length)] ^= (byte)random.Next(1, 256);
            }

            Assert.DoesNotThrow(() => parser.Parse(cut, Local, new Streamer.Core.Csv.CsvRowBuilder()));
        }
    }

    [Test]
    public void TooLargeMessage_IsRejected()
    {
        var result = new BybitMessageParser("BTCUSDT").Parse(new byte[BybitMessageParser.MaxMessageBytes + 1], Local, new Streamer.Core.Csv.CsvRowBuilder());

        Assert.That(result.Error, Is.EqualTo(ParseError.TooLarge));
    }
}
