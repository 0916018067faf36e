using NUnit.Framework;
using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Core.Tests;

public class StreamCatalogTests
{
    [Test]
    public void AggTradeColumns_StartWithBinanceDumpColumns() =>
        Assert.That(StreamCatalog.AggTrade.Columns.Take(7), Is.EqualTo(new[]
            { "agg_trade_id", "price", "quantity", "first_trade_id", "last_trade_id", "transact_time", "is_buyer_maker" }));

    [Test]
    public void Routes_FollowBinanceSince202604()
    {
        Assert.That(StreamCatalog.Depth.Route, Is.EqualTo(WsRoute.Public));
        Assert.That(StreamCatalog.BookTicker.Route, Is.EqualTo(WsRoute.Public));
        Assert.That(new[] { StreamCatalog.AggTrade, StreamCatalog.Kline1m, StreamCatalog.MarkPrice, StreamCatalog.ForceOrder }
            .Select(s => s.Route), Is.All.EqualTo(WsRoute.Market));
    }

    [TestCase("100ms", "btcusdt@depth@100ms")]
    [TestCase("0ms", "btcusdt@depth@0ms")]
    [TestCase("250ms", "btcusdt@depth")]
    public void DepthStreamName_CarriesTheSpeed(string speed, string expected) =>
        Assert.That(StreamCatalog.BinanceStreamName(StreamCatalog.Depth, "BTCUSDT", speed), Is.EqualTo(expected));

    [Test]
    public void WhenTheDateChanges_FileNameChanges()
    {
        var before = StreamCatalog.UtcDay(1_767_225_599_999); // 2025-12-31T23:59:59.999Z
        var after = StreamCatalog.UtcDay(1_767_225_600_000);
        Assert.That(StreamCatalog.FileName(StreamCatalog.AggTrade, "BTCUSDT", before), Is.EqualTo("aggtrade_BTCUSDT_20251231.csv"));
        Assert.That(StreamCatalog.FileName(StreamCatalog.AggTrade, "BTCUSDT", after), Is.EqualTo("aggtrade_BTCUSDT_20260101.csv"));
    }

    [Test]
    public void OrderBookHeader_RepeatsLevelColumns() =>
        Assert.That(StreamCatalog.OrderBookHeader(2), Is.EqualTo(
            "local_time_us,last_update_id,event_time,bid_price_0,bid_qty_0,ask_price_0,ask_qty_0,bid_price_1,bid_qty_1,ask_price_1,ask_qty_1"));

    [Test]
    public void RowBuilder_WritesFieldsVerbatimAndQuotesText()
    {
        var rows = new CsvRowBuilder();
        rows.Long(-5).Raw("61659.70"u8).Bool(true).Empty().Text("a, \"b\"").EndRow();
        Assert.That(System.Text.Encoding.UTF8.GetString(rows.WrittenSpan), Is.EqualTo("-5,61659.70,true,,\"a, \"\"b\"\"\"\n"));
    }
}
