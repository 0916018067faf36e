using System.Text;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using Streamer.Core.Streams;
using static Streamer.Binance.Tests.Parsing.Rows;

namespace Streamer.Binance.Tests.Parsing;

/// <summary>
/// Spot payloads: the recorder's own columns, with the fields spot does not send written empty (depth
/// <c>transact_time</c> and <c>prev_final_update_id</c>; bookticker <c>transaction_time</c> and <c>event_time</c>).
/// </summary>
public sealed class SpotMessageTests
{
    private const BinanceDialect Spot = BinanceDialect.Spot;

    private const string BookTickerData = """{"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}""";

    [Test]
    public void DepthUpdate_WritesTransactTimeAndPrevFinalUpdateIdEmpty()
    {
        const string json = """{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255308,"s":"BTCUSDT","U":50093239203,"u":50093239207,"b":[["55653.87000000","0.00000000"]],"a":[["61838.04000000","0.32332000"],["61844.30000000","0.40163000"]]}}""";
        var (result, csv) = Parse(Spot, json, "BTCUSDT");

        const string head = "1723161255308,,50093239203,50093239207,,";
        Assert.That(csv, Is.EqualTo(
            head + "bid,55653.87000000,0.00000000,1626992741062170\n" +
            head + "ask,61838.04000000,0.32332000,1626992741062170\n" +
            head + "ask,61844.30000000,0.40163000,1626992741062170\n"));
        Assert.That(result.Stream, Is.EqualTo(StreamType.Depth));
        Assert.That((result.FirstId, result.LastId, result.PrevId, result.Rows), Is.EqualTo((50093239203L, 50093239207L, 0L, 3)), "no pu: PrevId is 0");
        Assert.That((result.ExchangeTimeMs, result.EventTimeMs, result.OrderingKey), Is.EqualTo((1723161255308L, 1723161255308L, 50093239207L)));
    }

    [Test]
    public void DepthUpdate_WithNoLevels_WritesOneRowKeepingTheIds()
    {
        var (result, csv) = Parse(Spot, """{"e":"depthUpdate","E":5,"s":"BTCUSDT","U":7,"u":7,"b":[],"a":[]}""");

        Assert.That(csv, Is.EqualTo("5,,7,7,,,,,1626992741062170\n"));
        Assert.That(result.Rows, Is.EqualTo(1));
    }

    [Test]
    public void BookTicker_Combined_WithoutEventType_WritesBothTimesEmpty_AndIsDatedByTheLocalTime()
    {
        var (result, csv) = Parse(Spot, """{"stream":"btcusdt@bookTicker","data":""" + BookTickerData + "}", "BTCUSDT");

        Assert.That(csv, Is.EqualTo("50093239212,61837.63000000,3.78826000,61837.64000000,1.54698000,,,1626992741062170\n"));
        Assert.That((result.Outcome, result.Stream), Is.EqualTo((ParseOutcome.Rows, StreamType.BookTicker)));
        Assert.That(result.ExchangeTimeMs, Is.EqualTo(Local / 1000), "spot sends no time: the local receive time picks the day file");
        Assert.That((result.FirstId, result.LastId, result.PrevId, result.OrderingKey), Is.EqualTo((50093239212L, 50093239212L, 0L, 50093239212L)));
    }

    [Test]
    public void BookTicker_Raw_GivesTheSameRowAsCombined_InAnyKeyOrder()
    {
        const string reordered = """{"A":"1.54698000","a":"61837.64000000","B":"3.78826000","b":"61837.63000000","s":"BTCUSDT","u":50093239212}""";
        const string dataFirst = """{"data":""" + BookTickerData + ""","stream":"btcusdt@bookTicker"}""";
        var expected = Parse(Spot, """{"stream":"btcusdt@bookTicker","data":""" + BookTickerData + "}").Csv;

        Assert.That(Parse(Spot, BookTickerData, "BTCUSDT").Csv, Is.EqualTo(expected));
        Assert.That(Parse(Spot, reordered, "BTCUSDT").Csv, Is.EqualTo(expected));
        Assert.That(Parse(Spot, dataFirst, "BTCUSDT").Csv, Is.EqualTo(expected));
    }

    [Test]
    public void BookTicker_WithEventTimes_WritesThem() =>
        Assert.That(Parse(Spot, """{"e":"bookTicker","u":3,"s":"BTCUSDT","b":"1","B":"2","a":"3","A":"4","T":10,"E":11}""").Csv,
            Is.EqualTo("3,1,2,3,4,10,11,1626992741062170\n"));

    [Test]
    public void AggTrade_WithM_WritesTheUsdMRow()
    {
        const string json = """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1672515782136,"s":"BTCUSDT","a":12345,"p":"0.00100000","q":"100.00000000","f":100,"l":105,"T":1672515782134,"m":true,"M":true}}""";
        var (result, csv) = Parse(Spot, json, "BTCUSDT");

        Assert.That(csv, Is.EqualTo("12345,0.00100000,100.00000000,100,105,1672515782134,true,1672515782136,1626992741062170\n"));
        Assert.That((result.ExchangeTimeMs, result.OrderingKey), Is.EqualTo((1672515782134L, 12345L)));
    }

    [Test]
    public void Kline_WritesTheUsdMRow()
    {
        const string json = """{"e":"kline","E":1672515782136,"s":"BTCUSDT","k":{"t":1672515780000,"T":1672515839999,"s":"BTCUSDT","i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":true,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}}""";
        var (result, csv) = Parse(Spot, json, "BTCUSDT");

        Assert.That(csv, Is.EqualTo("1672515780000,0.0010,0.0025,0.0015,0.0020,1000,1672515839999,1.0000,100,500,0.500,true,1672515782136,1626992741062170\n"));
        Assert.That(result.Closed, Is.True);
    }

    [TestCase("""{"e":"depthUpdate","E":1,"s":"ETHUSDT","U":1,"u":2,"b":[],"a":[]}""", StreamType.Depth)]
    [TestCase("""{"u":1,"s":"ETHUSDT","b":"1","B":"1","a":"2","A":"1"}""", StreamType.BookTicker)]
    [TestCase("""{"stream":"ethusdt@bookTicker","data":{"u":1,"s":"ETHUSDT","b":"1","B":"1","a":"2","A":"1"}}""", StreamType.BookTicker)]
    public void AnotherSymbolsMessage_IsWrongSymbol(string json, StreamType stream)
    {
        var (result, csv) = Parse(Spot, json, "BTCUSDT");

        Assert.That((result.Outcome, result.Error, result.Stream), Is.EqualTo((ParseOutcome.Error, ParseError.WrongSymbol, stream)));
        Assert.That(csv, Is.Empty);
    }

    [TestCase("""{"u":1,"s":"BTCUSDT","b":"1","a":"2","A":"1"}""", Description = "bookTicker without B")]
    [TestCase("""{"u":"1","s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}""", Description = "bookTicker u not a number")]
    [TestCase("""{"u":1,"s":"BTCUSDT","b":1,"B":"1","a":"2","A":"1"}""", Description = "bookTicker price not a string")]
    [TestCase("""{"stream":"btcusdt@bookTicker","data":{"u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2"}}""", Description = "combined bookTicker without A")]
    [TestCase("""{"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]}""", Description = "depth without E")]
    [TestCase("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","u":2,"b":[],"a":[]}""", Description = "depth without U")]
    [TestCase("""{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"a":[]}""", Description = "depth without b")]
    [TestCase("""{"e":"depthUpdate","E":1,"T":"x","s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]}""", Description = "depth with a T that is not a number")]
    [TestCase("""{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"2","P":"4","r":"5","T":6}""", Description = "markPrice without i (spot has none)")]
    public void MissingOrBadField_IsAnError_NotAnException(string json)
    {
        var (result, csv) = Parse(Spot, json, "BTCUSDT");

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Error), result.Reason);
        Assert.That(result.Reason, Is.Not.Empty);
        Assert.That(csv, Is.Empty);
    }

    [Test]
    public void SubscriptionReply_IsSkipped() =>
        Assert.That(Parse(Spot, """{"result":null,"id":1}""").Result.Outcome, Is.EqualTo(ParseOutcome.Skipped));

    [Test]
    public void UsdMParser_StillRefusesMessagesWithoutEventType_AndDepthWithoutPu()
    {
        Assert.That(Parse(BookTickerData).Result.Error, Is.EqualTo(ParseError.UnknownEvent));
        Assert.That(Parse("""{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]}""").Result.Error, Is.EqualTo(ParseError.BadField));
    }

    [Test]
    public void DepthAndBookTicker_AllocateNothing()
    {
        var parser = new BinanceMessageParser(Spot, "BTCUSDT");
        var rows = new CsvRowBuilder(1 << 20);
        var depth = Encoding.UTF8.GetBytes("""{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255308,"s":"BTCUSDT","U":50093239203,"u":50093239207,"b":[["55653.87000000","0.00000000"]],"a":[["61838.04000000","0.32332000"]]}}""");
        var ticker = Encoding.UTF8.GetBytes("""{"stream":"btcusdt@bookTicker","data":""" + BookTickerData + "}");
        for (var i = 0; i < 100; i++)
        {
            parser.Parse(depth, Local, rows);
            parser.Parse(ticker, Local, rows);
        }

        var allocated = Allocations.Least(() =>
        {
            rows.Clear();
            for (var i = 0; i < 1000; i++)
            {
                parser.Parse(depth, Local, rows);
                parser.Parse(ticker, Local, rows);
            }
        });

        Assert.That(allocated, Is.Zero);
    }
}
