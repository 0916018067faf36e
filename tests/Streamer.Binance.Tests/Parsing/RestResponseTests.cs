using System.Text;
using Streamer.Binance.Parsing;

namespace Streamer.Binance.Tests.Parsing;

public sealed class RestResponseTests
{
    private const long Local = 1_626_992_741_301_402;

    [Test]
    public void DepthSnapshot_RealResponse_WritesOneRowPerLevel()
    {
        var line = File.ReadLines(Fixtures.Root("cryptofeed/BINANCE_FUTURES.http.0.0")).First(l => l.Contains("SUSHIUSDT", StringComparison.Ordinal));
        var json = line[(line.IndexOf(": {", StringComparison.Ordinal) + 2)..];

        var snapshot = RestResponseParser.DepthSnapshot(Encoding.UTF8.GetBytes(json), Local);
        var rows = Encoding.UTF8.GetString(snapshot.Rows.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(snapshot.LastUpdateId, Is.EqualTo(600859605926));
        Assert.That(snapshot.EventTimeMs, Is.EqualTo(1626992741264));
        Assert.That(rows, Has.Length.EqualTo(snapshot.Bids + snapshot.Asks));
        Assert.That(rows[0], Is.EqualTo("600859605926,1626992741264,1626992741261,bid,7.6110,6,1626992741301402"));
        Assert.That(rows[snapshot.Bids], Is.EqualTo("600859605926,1626992741264,1626992741261,ask,7.6120,297,1626992741301402"));
        Assert.That(snapshot.Bids, Is.GreaterThan(100));
    }

    [Test]
    public void AggTrades_DocumentedResponse_WritesRowsWithTransactTimeAsEventTime()
    {
        const string json = """[{"a":26129,"p":"0.01633102","q":"4.70443515","f":27781,"l":27781,"T":1498793709153,"m":true},{"a":26130,"p":"0.01633103","q":"1","f":27782,"l":27783,"T":1498793709200,"m":false,"M":true}]""";

        var page = RestResponseParser.AggTrades(Encoding.UTF8.GetBytes(json), Local);

        Assert.That(Encoding.UTF8.GetString(page.Bytes.Span), Is.EqualTo(
            "26129,0.01633102,4.70443515,27781,27781,1498793709153,true,1498793709153,1626992741301402\n" +
            "26130,0.01633103,1,27782,27783,1498793709200,false,1498793709200,1626992741301402\n"));
        Assert.That(page.Rows.Select(r => r.Id), Is.EqualTo(new[] { 26129L, 26130L }));
        Assert.That(page.Rows[1].ExchangeTimeMs, Is.EqualTo(1498793709200));
        Assert.That(Encoding.UTF8.GetString(page.RowBytes(page.Rows[1]).Span), Does.StartWith("26130,"));
    }

    [Test]
    public void Klines_DocumentedResponse_WritesClosedCandlesOnly()
    {
        const string json = """[[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499040059999,"2434.19055334",308,"1756.87402397","28.46694368","0"],[1499040060000,"1","2","0.5","1.5","10",1499040119999,"15",3,"5","7","0"]]""";

        var page = RestResponseParser.Klines(Encoding.UTF8.GetBytes(json), nowMs: 1499040100000, Local);

        Assert.That(Encoding.UTF8.GetString(page.Bytes.Span), Is.EqualTo(
            "1499040000000,0.01634790,0.80000000,0.01575800,0.01577100,148976.11427815,1499040059999,2434.19055334,308,1756.87402397,28.46694368,true,1499040059999,1626992741301402\n"));
        Assert.That(page.Rows.Single().Id, Is.EqualTo(1499040000000));
    }

    [Test]
    public void ExchangeInfo_RealResponse_ListsSymbolsWithStatus()
    {
        var line = File.ReadLines(Fixtures.Root("cryptofeed/BINANCE_FUTURES.0")).First();
        var json = line[(line.IndexOf(": {", StringComparison.Ordinal) + 2)..];

        var symbols = RestResponseParser.ExchangeInfoSymbols(Encoding.UTF8.GetBytes(json));

        Assert.That(symbols, Has.Count.EqualTo(122));
        Assert.That(symbols["BTCUSDT"], Is.EqualTo("TRADING"));
        Assert.That(symbols, Does.ContainKey("SUSHIUSDT"));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("""{"code":-1121,"msg":"Invalid symbol."}""")]
    [TestCase("""{"lastUpdateId":"x","bids":[],"asks":[]}""")]
    [TestCase("""{"lastUpdateId":1,"bids":[["1"]],"asks":[]}""")]
    public void BadDepthSnapshot_ThrowsOnlyBinanceResponseException(string json) =>
        Assert.Throws<BinanceResponseException>(() => RestResponseParser.DepthSnapshot(Encoding.UTF8.GetBytes(json), Local));

    [TestCase("{}")]
    [TestCase("""[{"a":1}]""")]
    [TestCase("""[{"a":1,"p":2,"q":"1","f":1,"l":1,"T":1,"m":true}]""")]
    public void BadAggTrades_ThrowOnlyBinanceResponseException(string json) =>
        Assert.Throws<BinanceResponseException>(() => RestResponseParser.AggTrades(Encoding.UTF8.GetBytes(json), Local));

    [TestCase("""[[1,"1"]]""")]
    [TestCase("""[[1,"1","1","1","1","1","x","1",1,"1","1"]]""")]
    public void BadKlines_ThrowOnlyBinanceResponseException(string json) =>
        Assert.Throws<BinanceResponseException>(() => RestResponseParser.Klines(Encoding.UTF8.GetBytes(json), long.MaxValue, Local));
}
