using System.Text;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;

namespace Streamer.Bybit.Tests;

/// <summary>Bybit v5 public linear messages in the shapes Bybit documents (and the contract names), and a parse helper.</summary>
internal static class Messages
{
    public const long Local = 1_672_304_486_900_123;

    public const string Trade = """{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false,"seq":1783284617},{"T":1672304486866,"s":"BTCUSDT","S":"Sell","v":"0.250","p":"16578.00","L":"MinusTick","i":"7a3c5e1f-0b2d-5c4e-8f6a-9d1b2c3e4f5a","BT":true,"seq":1783284618}]}""";

    public const string BookSnapshot = """{"topic":"orderbook.500.BTCUSDT","type":"snapshot","ts":1672304484978,"data":{"s":"BTCUSDT","b":[["16493.50","0.006"],["16493.00","0.100"]],"a":[["16611.00","0.029"],["16612.00","0.213"]],"u":18521288,"seq":7961638724},"cts":1672304484976}""";

    public const string BookDelta = """{"topic":"orderbook.500.BTCUSDT","type":"delta","ts":1672304485078,"data":{"s":"BTCUSDT","b":[["16493.50","0"]],"a":[["16611.00","0.039"],["16615.50","1.200"]],"u":18521289,"seq":7961638727},"cts":1672304485070}""";

    public const string EmptyBookDelta = """{"topic":"orderbook.500.BTCUSDT","type":"delta","ts":1672304485178,"data":{"s":"BTCUSDT","b":[],"a":[],"u":18521290,"seq":7961638727},"cts":1672304485170}""";

    public const string ClosedKline = """{"topic":"kline.1.BTCUSDT","data":[{"start":1672324800000,"end":1672324859999,"interval":"1","open":"16649.5","close":"16677","high":"16677","low":"16608","volume":"2.081","turnover":"34666.4005","confirm":true,"timestamp":1672324860012}],"ts":1672324860020,"type":"snapshot"}""";

    public const string OpenKline = """{"topic":"kline.1.BTCUSDT","data":[{"start":1672324860000,"end":1672324919999,"interval":"1","open":"16677","close":"16680.5","high":"16681","low":"16676","volume":"0.513","turnover":"8556.6165","confirm":false,"timestamp":1672324865123}],"ts":1672324865130,"type":"snapshot"}""";

    public const string TickerSnapshot = """{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","tickDirection":"PlusTick","price24hPcnt":"0.017103","lastPrice":"17216.00","prevPrice24h":"16926.50","highPrice24h":"17281.50","lowPrice24h":"16915.00","prevPrice1h":"17238.00","markPrice":"17217.33","indexPrice":"17227.36","openInterest":"68744.761","openInterestValue":"1183601235.91","turnover24h":"1570383121.943499","volume24h":"91705.276","nextFundingTime":"1673280000000","fundingRate":"-0.000212","bid1Price":"17215.50","bid1Size":"84.489","ask1Price":"17216.00","ask1Size":"83.020"},"cs":24987956059,"ts":1673272861686}""";

    public const string TickerDelta = """{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","bid1Price":"17215.00","bid1Size":"84.000","markPrice":"17218.01","tickDirection":"ZeroMinusTick"},"cs":24987956060,"ts":1673272861786}""";

    public const string Liquidation = """{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1739502303204,"data":[{"T":1739502302929,"s":"BTCUSDT","S":"Sell","v":"0.020","p":"96325.10"},{"T":1739502302931,"s":"BTCUSDT","S":"Buy","v":"1.500","p":"96330.00"}]}""";

    public const string SubscribeOk = """{"success":true,"ret_msg":"","conn_id":"cejreaspqfh3sjdnldmg-p","req_id":"","op":"subscribe"}""";

    public const string SubscribeRefused = """{"success":false,"ret_msg":"error:handler not found,topic:orderbook.5000.BTCUSDT","conn_id":"cejreaspqfh3sjdnldmg-p","req_id":"","op":"subscribe"}""";

    public const string Pong = """{"success":true,"ret_msg":"pong","conn_id":"0970e817-426e-429a-a679-ff7f55e0b16a","req_id":"","op":"ping"}""";

    public static (ParsedMessage Result, string Csv) Parse(string json, string symbol = "BTCUSDT", bool klineAll = false) =>
        Parse(new BybitMessageParser(symbol, klineAll), json);

    public static (ParsedMessage Result, string Csv) Parse(BybitMessageParser parser, string json)
    {
        var rows = new CsvRowBuilder();
        var result = parser.Parse(Encoding.UTF8.GetBytes(json), Local, rows);
        return (result, Encoding.UTF8.GetString(rows.WrittenSpan));
    }
}
