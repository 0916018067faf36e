using System.Text;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using static Streamer.Binance.Tests.Parsing.Rows;

namespace Streamer.Binance.Tests.Parsing;

/// <summary>Bad exchange input is an error result with a reason and no rows, never an exception.</summary>
public sealed class MalformedMessageTests
{
    private const string AggTrade = """{"stream":"ctkusdt@aggTrade","data":{"e":"aggTrade","E":1626992741575,"a":16599292,"s":"CTKUSDT","p":"1.01100","q":"10","f":23961322,"l":23961322,"T":1626992741421,"m":false}}""";
    private const string Depth = """{"stream":"sushiusdt@depth@100ms","data":{"e":"depthUpdate","E":1626992741037,"T":1626992741024,"s":"SUSHIUSDT","U":600859599090,"u":600859600917,"pu":600859598061,"b":[["7.5040","813"],["7.6090","0"]],"a":[["7.6150","1563"]]}}""";

    [TestCase("", ParseError.InvalidJson)]
    [TestCase("not json", ParseError.InvalidJson)]
    [TestCase("[1,2,3]", ParseError.InvalidJson)]
    [TestCase("\"text\"", ParseError.InvalidJson)]
    [TestCase("""{"stream":"x","data":{"e":"aggTrade","E":1""", ParseError.InvalidJson)]
    [TestCase("""{"e":"somethingNew","E":1}""", ParseError.UnknownEvent)]
    [TestCase("""{"E":1,"a":5}""", ParseError.UnknownEvent)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"s":"CTKUSDT","p":"1.01100","q":"10","f":1,"l":1,"T":1,"m":false}""", ParseError.BadField)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"a":"16599292","s":"CTKUSDT","p":"1.01100","q":"10","f":1,"l":1,"T":1,"m":false}""", ParseError.BadField)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"a":1,"s":"CTKUSDT","p":1.011,"q":"10","f":1,"l":1,"T":1,"m":false}""", ParseError.BadField)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"a":1,"s":"CTKUSDT","p":"1,011","q":"10","f":1,"l":1,"T":1,"m":false}""", ParseError.BadField)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"a":1,"s":"CTKUSDT","p":"1\u002e0","q":"10","f":1,"l":1,"T":1,"m":false}""", ParseError.BadField)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"a":1.5,"s":"CTKUSDT","p":"1.0","q":"10","f":1,"l":1,"T":1,"m":false}""", ParseError.BadField)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"a":1,"s":"CTKUSDT","p":"1.0","q":"10","f":1,"l":1,"T":1,"m":"false"}""", ParseError.BadField)]
    [TestCase("""{"e":"aggTrade","E":1626992741575,"a":99999999999999999999999,"s":"CTKUSDT","p":"1.0","q":"10","f":1,"l":1,"T":1,"m":false}""", ParseError.BadField)]
    [TestCase("""{"e":"depthUpdate","E":1,"T":1,"U":1,"u":2,"pu":0,"b":[["1.0"]],"a":[]}""", ParseError.BadField)]
    [TestCase("""{"e":"depthUpdate","E":1,"T":1,"U":1,"u":2,"pu":0,"b":[[1.0,"2"]],"a":[]}""", ParseError.BadField)]
    [TestCase("""{"e":"depthUpdate","E":1,"T":1,"U":1,"u":2,"pu":0,"b":{"x":1},"a":[]}""", ParseError.BadField)]
    [TestCase("""{"e":"depthUpdate","E":1,"T":1,"U":1,"u":2,"b":[],"a":[]}""", ParseError.BadField)]
    [TestCase("""{"e":"kline","E":1,"k":{"t":1,"T":2,"i":"5m","o":"1","c":"1","h":"1","l":"1","v":"1","n":1,"x":true,"q":"1","V":"1","Q":"1"}}""", ParseError.BadField)]
    [TestCase("""{"e":"forceOrder","E":1,"o":{"s":"X","S":"SE,LL","o":"LIMIT","f":"IOC","q":"1","p":"1","ap":"1","X":"FILLED","l":"1","z":"1","T":1}}""", ParseError.BadField)]
    public void BadMessage_IsAnErrorWithAReason_AndWritesNothing(string json, ParseError expected)
    {
        var (result, csv) = Parse(json);

        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Error));
        Assert.That(result.Error, Is.EqualTo(expected), result.Reason);
        Assert.That(result.Reason, Is.Not.Null.And.Not.Empty);
        Assert.That(csv, Is.Empty);
    }

    [Test]
    public void MessageOfAnotherSymbol_IsRejected()
    {
        var (result, csv) = Parse(AggTrade, "BTCUSDT");

        Assert.That(result.Error, Is.EqualTo(ParseError.WrongSymbol));
        Assert.That(csv, Is.Empty);
    }

    [Test]
    public void AbsurdlyLargeMessage_IsRejectedUnread()
    {
        var huge = new byte[BinanceMessageParser.MaxMessageBytes + 1];
        var result = new BinanceMessageParser(null).Parse(huge, Local, new CsvRowBuilder());

        Assert.That(result.Error, Is.EqualTo(ParseError.TooLarge));
    }

    [Test]
    public void DepthWithMoreLevelsThanAnyRealMessage_IsRejected()
    {
        var levels = string.Join(",", Enumerable.Repeat("""["1.0","2"]""", LevelArrays.MaxLevels + 1));
        var (result, csv) = Parse("""{"e":"depthUpdate","E":1,"T":1,"U":1,"u":2,"pu":0,"b":[""" + levels + """],"a":[]}""");

        Assert.That(result.IsError, Is.True);
        Assert.That(csv, Is.Empty);
    }

    [Test]
    public void BadLevelAtTheEnd_LeavesNoHalfMessageInTheBuilder()
    {
        var rows = new CsvRowBuilder();
        rows.Raw("earlier"u8).EndRow();
        var bad = Depth.Replace("[\"7.6150\",\"1563\"]", "[\"7.6150\",1563]", StringComparison.Ordinal);

        var result = new BinanceMessageParser(null).Parse(Encoding.UTF8.GetBytes(bad), Local, rows);

        Assert.That(result.IsError, Is.True);
        Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan), Is.EqualTo("earlier\n"));
    }

    [Test]
    public void EveryTruncationAndByteFlipOfRealMessages_NeverThrows()
    {
        var parser = new BinanceMessageParser(null);
        var rows = new CsvRowBuilder();
        var random = new Random(42);
        foreach (var text in new[] { AggTrade, Depth })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var n = 0; n < bytes.Length; n++)
            {
                rows.Clear();
                var truncated = parser.Parse(bytes.AsSpan(0, n), Local, rows);
                Assert.That(truncated.IsError || truncated.Outcome == ParseOutcome.Skipped, Is.True);
            }

            for (var i = 0; i < 2000; i++)
            {
                var copy = (byte[])bytes.Clone();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                rows.Clear();
                var result = parser.Parse(copy, Local, rows);
                if (result.IsError)
                {
                    Assert.That(rows.Length, Is.Zero);
                }
            }
        }
    }

    [Test]
    public void AggTradeAndDepth_AllocateNothing()
    {
        var parser = new BinanceMessageParser("SUSHIUSDT");
        var rows = new CsvRowBuilder(1 << 20);
        var aggTrade = Encoding.UTF8.GetBytes(AggTrade.Replace("CTKUSDT", "SUSHIUSDT", StringComparison.Ordinal));
        var depth = Encoding.UTF8.GetBytes(Depth);
        for (var i = 0; i < 100; i++)
        {
            parser.Parse(aggTrade, Local, rows);
            parser.Parse(depth, Local, rows);
        }

        var allocated = Allocations.Least(() =>
        {
            rows.Clear();
            for (var i = 0; i < 1000; i++)
            {
                parser.Parse(aggTrade, Local, rows);
                parser.Parse(depth, Local, rows);
            }
        });

        Assert.That(allocated, Is.Zero);
    }
}
