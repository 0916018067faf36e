using Streamer.Binance.Parsing;
using Streamer.Core.Streams;
using static Streamer.Binance.Tests.Parsing.Rows;

namespace Streamer.Binance.Tests.Parsing;

/// <summary>Real recorded messages in, byte-exact CSV rows (StreamCatalog columns) out.</summary>
public sealed class WebSocketMessageTests
{
    private static IReadOnlyList<string> Capture => Fixtures.CryptofeedMessages("BINANCE_FUTURES.ws.1.0");

    [Test]
    public void AggTrade_RealMessage_WritesExactRow()
    {
        var json = Fixtures.FirstContaining(Capture, "\"a\":16599292,");
        var (result, csv) = Parse(json, "CTKUSDT");

        Assert.That(csv, Is.EqualTo("16599292,1.01100,10,23961322,23961322,1626992741421,false,1626992741575,1626992741062170\n"));
        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Rows));
        Assert.That(result.Stream, Is.EqualTo(StreamType.AggTrade));
        Assert.That(result.ExchangeTimeMs, Is.EqualTo(1626992741421), "aggtrade day is picked by transact_time");
        Assert.That(result.FirstId, Is.EqualTo(16599292));
        Assert.That(result.OrderingKey, Is.EqualTo(16599292));
    }

    [Test]
    public void DepthUpdate_RealMessage_WritesOneRowPerLevel_BidsThenAsks()
    {
        var json = Fixtures.FirstContaining(Capture, "\"u\":600859600917,");
        var (result, csv) = Parse(json, "SUSHIUSDT");

        const string prefix = "1626992741037,1626992741024,600859599090,600859600917,600859598061,";
        Assert.That(csv, Is.EqualTo(
            prefix + "bid,7.5040,813,1626992741062170\n" +
            prefix + "bid,7.6090,0,1626992741062170\n" +
            prefix + "bid,7.6110,2,1626992741062170\n" +
            prefix + "ask,7.6150,1563,1626992741062170\n" +
            prefix + "ask,7.6220,3284,1626992741062170\n"));
        Assert.That(result.Rows, Is.EqualTo(5));
        Assert.That((result.FirstId, result.LastId, result.PrevId), Is.EqualTo((600859599090L, 600859600917L, 600859598061L)));
        Assert.That(result.ExchangeTimeMs, Is.EqualTo(1626992741037), "depth day is picked by event_time");
    }

    [TestCase("""[ [ "7.5040" , "813" ] ,["7.6090","0"] ]""")]
    [TestCase("""[["7.5040","813","x"],["7.6090","0",["\"]"]]]""")]
    public void DepthUpdate_LevelsWithWhitespaceOrExtraElements_GiveTheSameRows(string bids)
    {
        const string template = """{"e":"depthUpdate","E":1,"T":2,"s":"X","U":3,"u":4,"pu":2,"b":BIDS,"a":[["7.6150","1563"]]}""";
        var (_, expected) = Parse(template.Replace("BIDS", """[["7.5040","813"],["7.6090","0"]]""", StringComparison.Ordinal));
        var (result, csv) = Parse(template.Replace("BIDS", bids, StringComparison.Ordinal));

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Rows));
        Assert.That(csv, Is.EqualTo(expected));
        Assert.That(csv, Does.StartWith("1,2,3,4,2,bid,7.5040,813,"));
    }

    [Test]
    public void DepthUpdate_WithOneEmptySide_WritesOnlyTheOtherSide()
    {
        var json = Fixtures.FirstContaining(Capture, "\"b\":[],\"a\":[[\"0.01737\"");
        var (result, csv) = Parse(json, "AKROUSDT");

        Assert.That(csv, Is.EqualTo("1626992741077,1626992740974,600859599831,600859599831,600859598737,ask,0.01737,437848,1626992741062170\n"));
        Assert.That(result.Rows, Is.EqualTo(1));
    }

    [Test]
    public void DepthUpdate_WithNoLevels_WritesOneRowWithEmptySidePriceAndQuantity()
    {
        var json = Fixtures.FirstContaining(Capture, "\"b\":[],\"a\":[[\"0.01737\"")
            .Replace("[[\"0.01737\",\"437848\"]]", "[]", StringComparison.Ordinal);
        var (result, csv) = Parse(json);

        Assert.That(csv, Is.EqualTo("1626992741077,1626992740974,600859599831,600859599831,600859598737,,,,1626992741062170\n"));
        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Rows));
        Assert.That(result.Rows, Is.EqualTo(1));
    }

    [Test]
    public void Kline_Closed_WritesRowWithClosedFlag()
    {
        var json = Fixtures.FirstContaining(Capture, "\"x\":true");
        var (result, csv) = Parse(json, "SUSHIUSDT");

        Assert.That(csv, Is.EqualTo("1626992700000,7.6080,7.6180,7.6070,7.6170,3005,1626992759999,22875.8590,113,1900,14464.6960,true,1626992760203,1626992741062170\n"));
        Assert.That(result.Closed, Is.True);
        Assert.That(result.FirstId, Is.EqualTo(1626992700000), "kline id is its open time");
        Assert.That(result.ExchangeTimeMs, Is.EqualTo(1626992700000), "a candle belongs to the day of its open time");
    }

    [Test]
    public void Kline_NotClosed_IsSkippedUnlessAllUpdatesAreKept()
    {
        var json = Fixtures.FirstContaining(Capture, "\"x\":false");

        var (skipped, none) = Parse(json);
        var (written, row) = Parse(json, klineAll: true);

        Assert.That(skipped.Outcome, Is.EqualTo(ParseOutcome.Skipped));
        Assert.That(none, Is.Empty);
        Assert.That(written.Outcome, Is.EqualTo(ParseOutcome.Rows));
        Assert.That(row, Does.Contain(",false,"));
    }

    [Test]
    public void BookTicker_RealMessage_WritesExactRow()
    {
        var json = Fixtures.FirstContaining(Capture, "\"u\":600859600576,");
        var (result, csv) = Parse(json, "SUSHIUSDT");

        Assert.That(csv, Is.EqualTo("600859600576,7.6110,2,7.6120,297,1626992741012,1626992741017,1626992741062170\n"));
        Assert.That(result.Stream, Is.EqualTo(StreamType.BookTicker));
        Assert.That(result.FirstId, Is.EqualTo(600859600576));
    }

    [Test]
    public void MarkPrice_RealMessage_WritesExactRow()
    {
        var json = Fixtures.FirstContaining(Fixtures.HftbacktestMessages("usdm/btcusdt_20230404.dat.gz"), "markPriceUpdate");
        var (result, csv) = Parse(json, "BTCUSDT");

        Assert.That(csv, Is.EqualTo("1680652701000,28147.27373413,28159.75642857,28142.15563565,0.00002754,1680652800000,1626992741062170\n"));
        Assert.That(result.Stream, Is.EqualTo(StreamType.MarkPrice));
        Assert.That(result.OrderingKey, Is.EqualTo(1680652701000));
    }

    [Test]
    public void ForceOrder_RealMessage_WritesExactRow()
    {
        var json = File.ReadAllText(Fixtures.Root("tiagosiebler-binance/forceOrder_arr_IOTXUSDT_1634653599186.json"));
        var (result, csv) = Parse(json, "IOTXUSDT");

        Assert.That(csv, Is.EqualTo("1634653599186,SELL,LIMIT,IOC,3661,0.06606,0.06669,FILLED,962,3661,1634653599180,1626992741062170\n"));
        Assert.That(result.Stream, Is.EqualTo(StreamType.ForceOrder));
    }

    [Test]
    public void WholeCapture_ParsesEveryMessage_WithTheExpectedCounts()
    {
        var counts = new Dictionary<StreamType, int>();
        var closed = 0;
        foreach (var json in Capture)
        {
            var (result, _) = Parse(json);
            Assert.That(result.IsError, Is.False, result.Reason + " in " + json);
            counts[result.Stream] = counts.GetValueOrDefault(result.Stream) + 1;
            closed += result.Closed ? 1 : 0;
        }

        Assert.That(counts[StreamType.AggTrade], Is.EqualTo(91));
        Assert.That(counts[StreamType.Depth], Is.EqualTo(764));
        Assert.That(counts[StreamType.Kline1m], Is.EqualTo(67));
        Assert.That(counts[StreamType.BookTicker], Is.EqualTo(613));
        Assert.That(closed, Is.EqualTo(4));
    }

    [Test]
    public void RawMessage_WithKeysReorderedAndUnknownKeys_GivesTheSameRowAsTheEnvelope()
    {
        const string envelope = """{"stream":"ctkusdt@aggTrade","data":{"e":"aggTrade","E":1626992741575,"a":16599292,"s":"CTKUSDT","p":"1.01100","q":"10","f":23961322,"l":23961322,"T":1626992741421,"m":false}}""";
        const string raw = """{"m":false,"T":1626992741421,"future":{"x":[1,{"y":2}]},"l":23961322,"f":23961322,"q":"10","p":"1.01100","s":"CTKUSDT","a":16599292,"E":1626992741575,"e":"aggTrade","M":true,"extra":"x"}""";
        const string dataFirst = """{"data":{"e":"aggTrade","E":1626992741575,"a":16599292,"s":"CTKUSDT","p":"1.01100","q":"10","f":23961322,"l":23961322,"T":1626992741421,"m":false},"stream":"ctkusdt@aggTrade"}""";

        var expected = Parse(envelope, "CTKUSDT").Csv;
        Assert.That(Parse(raw, "CTKUSDT").Csv, Is.EqualTo(expected));
        Assert.That(Parse(dataFirst, "CTKUSDT").Csv, Is.EqualTo(expected));
    }

    [Test]
    public void SubscriptionReply_IsSkipped()
    {
        var (result, csv) = Parse("""{"result":null,"id":1}""");

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Skipped));
        Assert.That(csv, Is.Empty);
    }
}
