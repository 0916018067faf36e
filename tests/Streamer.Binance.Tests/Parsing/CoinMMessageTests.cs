using Streamer.Binance.Parsing;
using Streamer.Core.Streams;
using static Streamer.Binance.Tests.Parsing.Rows;

namespace Streamer.Binance.Tests.Parsing;

/// <summary>
/// COIN-M payloads (Binance's documented examples, symbols like BTCUSD_PERP): USD-M's rows, the extra pair field
/// <c>ps</c> ignored, and <c>index_price</c> empty because COIN-M's markPriceUpdate has no <c>i</c>.
/// </summary>
public sealed class CoinMMessageTests
{
    private const BinanceDialect CoinM = BinanceDialect.CoinM;
    private const string Symbol = "BTCUSD_PERP";

    [Test]
    public void AggTrade_WritesTheUsdMRow()
    {
        const string json = """{"stream":"btcusd_perp@aggTrade","data":{"e":"aggTrade","E":1591261134288,"a":424951,"s":"BTCUSD_PERP","p":"9643.5","q":"2","f":606073,"l":606073,"T":1591261134199,"m":false}}""";
        var (result, csv) = Parse(CoinM, json, Symbol);

        Assert.That(csv, Is.EqualTo("424951,9643.5,2,606073,606073,1591261134199,false,1591261134288,1626992741062170\n"));
        Assert.That((result.Stream, result.ExchangeTimeMs, result.OrderingKey), Is.EqualTo((StreamType.AggTrade, 1591261134199L, 424951L)));
    }

    [Test]
    public void DepthUpdate_WithPair_WritesEveryColumn_AndKeepsPu()
    {
        const string json = """{"stream":"btcusd_perp@depth@100ms","data":{"e":"depthUpdate","E":1591270260907,"T":1591270260891,"s":"BTCUSD_PERP","ps":"BTCUSD","U":17285681,"u":17285702,"pu":17285675,"b":[["9517.6","10"]],"a":[["9518.5","45"],["9518.8","0"]]}}""";
        var (result, csv) = Parse(CoinM, json, Symbol);

        const string head = "1591270260907,1591270260891,17285681,17285702,17285675,";
        Assert.That(csv, Is.EqualTo(
            head + "bid,9517.6,10,1626992741062170\n" +
            head + "ask,9518.5,45,1626992741062170\n" +
            head + "ask,9518.8,0,1626992741062170\n"));
        Assert.That((result.FirstId, result.LastId, result.PrevId, result.Rows), Is.EqualTo((17285681L, 17285702L, 17285675L, 3)));
    }

    [Test]
    public void BookTicker_WithPair_WritesTheUsdMRow()
    {
        const string json = """{"e":"bookTicker","u":17242169,"s":"BTCUSD_PERP","ps":"BTCUSD","b":"9548.1","B":"52","a":"9548.5","A":"11","T":1591268628155,"E":1591268628166}""";
        var (result, csv) = Parse(CoinM, json, Symbol);

        Assert.That(csv, Is.EqualTo("17242169,9548.1,52,9548.5,11,1591268628155,1591268628166,1626992741062170\n"));
        Assert.That((result.Stream, result.ExchangeTimeMs, result.OrderingKey), Is.EqualTo((StreamType.BookTicker, 1591268628166L, 17242169L)));
    }

    [Test]
    public void Kline_WithPair_WritesTheUsdMRow()
    {
        const string json = """{"e":"kline","E":1591261560002,"s":"BTCUSD_PERP","ps":"BTCUSD","k":{"t":1591261500000,"T":1591261559999,"s":"BTCUSD_PERP","ps":"BTCUSD","i":"1m","f":606400,"L":606430,"o":"9638.9","c":"9639.8","h":"9639.8","l":"9638.6","v":"156","n":31,"x":true,"q":"1.61836886","V":"73","Q":"0.75731156","B":"0"}}""";
        var (result, csv) = Parse(CoinM, json, Symbol);

        Assert.That(csv, Is.EqualTo("1591261500000,9638.9,9639.8,9638.6,9639.8,156,1591261559999,1.61836886,31,73,0.75731156,true,1591261560002,1626992741062170\n"));
        Assert.That((result.Closed, result.ExchangeTimeMs), Is.EqualTo((true, 1591261500000L)));
    }

    [Test]
    public void MarkPrice_WithoutIndexPrice_WritesIndexPriceEmpty()
    {
        const string json = """{"stream":"btcusd_perp@markPrice@1s","data":{"e":"markPriceUpdate","E":1596095725000,"s":"BTCUSD_PERP","p":"11185.87786614","P":"11185.87786614","r":"0.00030000","T":1596096000000}}""";
        var (result, csv) = Parse(CoinM, json, Symbol);

        Assert.That(csv, Is.EqualTo("1596095725000,11185.87786614,,11185.87786614,0.00030000,1596096000000,1626992741062170\n"));
        Assert.That((result.Stream, result.ExchangeTimeMs, result.OrderingKey), Is.EqualTo((StreamType.MarkPrice, 1596095725000L, 1596095725000L)));
    }

    [Test]
    public void MarkPrice_OfADeliveryContract_WithEmptyFundingRate_WritesItEmpty()
    {
        const string json = """{"e":"markPriceUpdate","E":1596095725000,"s":"BTCUSD_201225","p":"10934.62615417","P":"10962.17178236","r":"","T":0}""";
        var (result, csv) = Parse(CoinM, json, "BTCUSD_201225");

        Assert.That(csv, Is.EqualTo("1596095725000,10934.62615417,,10962.17178236,,0,1626992741062170\n"));
        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Rows));
    }

    [Test]
    public void MarkPrice_WithIndexPrice_WritesIt() =>
        Assert.That(Parse(CoinM, """{"e":"markPriceUpdate","E":1,"s":"BTCUSD_PERP","p":"2","i":"3","P":"4","r":"5","T":6}""", Symbol).Csv,
            Is.EqualTo("1,2,3,4,5,6,1626992741062170\n"));

    [Test]
    public void ForceOrder_WithPair_WritesTheUsdMRow()
    {
        const string json = """{"e":"forceOrder","E":1591154240950,"o":{"s":"BTCUSD_PERP","ps":"BTCUSD","S":"SELL","o":"LIMIT","f":"IOC","q":"1","p":"9425.5","ap":"9496.5","X":"FILLED","l":"1","z":"1","T":1591154240949}}""";
        var (result, csv) = Parse(CoinM, json, Symbol);

        Assert.That(csv, Is.EqualTo("1591154240950,SELL,LIMIT,IOC,1,9425.5,9496.5,FILLED,1,1,1591154240949,1626992741062170\n"));
        Assert.That(result.Stream, Is.EqualTo(StreamType.ForceOrder));
    }

    [Test]
    public void AnotherContractsMessage_IsWrongSymbol()
    {
        const string json = """{"e":"bookTicker","u":1,"s":"BTCUSD_250627","ps":"BTCUSD","b":"1","B":"1","a":"2","A":"1","T":1,"E":1}""";
        var (result, csv) = Parse(CoinM, json, Symbol);

        Assert.That((result.Outcome, result.Error, result.Stream), Is.EqualTo((ParseOutcome.Error, ParseError.WrongSymbol, StreamType.BookTicker)));
        Assert.That(csv, Is.Empty);
    }

    [TestCase("""{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSD_PERP","ps":"BTCUSD","U":1,"u":2,"b":[],"a":[]}""", Description = "no pu")]
    [TestCase("""{"e":"markPriceUpdate","E":1,"s":"BTCUSD_PERP","P":"1","r":"1","T":1}""", Description = "no mark price")]
    [TestCase("""{"e":"markPriceUpdate","E":1,"s":"BTCUSD_PERP","p":"1","i":2,"P":"1","r":"1","T":1}""", Description = "an index price that is not a decimal string")]
    [TestCase("""{"e":"bookTicker","u":1,"s":"BTCUSD_PERP","b":"1","B":"1","a":"2","A":"1","E":1}""", Description = "no T")]
    [TestCase("""{"u":1,"s":"BTCUSD_PERP","b":"1","B":"1","a":"2","A":"1"}""", Description = "a spot-style bookTicker")]
    public void MissingOrBadField_IsAnError_NotAnException(string json)
    {
        var (result, csv) = Parse(CoinM, json, Symbol);

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Error), result.Reason);
        Assert.That(result.Reason, Is.Not.Empty);
        Assert.That(csv, Is.Empty);
    }

    [Test]
    public void UsdMParser_StillNeedsTheIndexPrice()
    {
        var (result, _) = Parse("""{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"2","P":"4","r":"5","T":6}""");

        Assert.That(result.Error, Is.EqualTo(ParseError.BadField), "USD-M always sends i: its absence stays an error there");
    }
}
