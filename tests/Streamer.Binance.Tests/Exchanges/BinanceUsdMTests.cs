using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Configuration;
using Streamer.Core.Csv;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Binance.Tests.Exchanges;

/// <summary>Binance USD-M through <see cref="IExchange"/>: the same routes, names, parser, depth rule and REST as before the seam.</summary>
public sealed class BinanceUsdMTests
{
    private static readonly IExchange UsdM = BinanceExchanges.Get(ExchangeIds.BinanceUsdM);

    private static NetworkConfig Network => ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\n", "/tmp/x.yaml").Network;

    [Test]
    public void Registry_HasAnImplementationForEveryBinanceIdTheConfigurationAccepts()
    {
        Assert.That(BinanceExchanges.All.Select(e => e.Id), Is.EquivalentTo(ExchangeIds.Known.Where(id => id.StartsWith("binance-", StringComparison.Ordinal))));
        Assert.That(BinanceExchanges.Get(ExchangeIds.Default), Is.SameAs(BinanceUsdM.Instance), "a symbol without exchange: is recorded from USD-M");
    }

    [Test]
    public void Registry_UnknownId_IsABug_NamingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => BinanceExchanges.Get("bybit-linear"));
        Assert.That(e!.Message, Does.Contain("'bybit-linear'").And.Contain("binance-um"));
    }

    [Test]
    public void Subscriptions_PutDepthAndBookTickerOnPublic_AndTheRestOnMarket_WithBinanceStreamNames()
    {
        var routes = UsdM.Subscriptions("BTCUSDT", [StreamCatalog.AggTrade, StreamCatalog.Depth, StreamCatalog.BookTicker, StreamCatalog.Kline1m], Network);

        Assert.That(routes.Select(r => r.Route), Is.EqualTo(new[] { WsRoute.Public, WsRoute.Market }));
        Assert.That(routes[0].Url, Is.EqualTo(new Uri("wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker")));
        Assert.That(routes[1].Url, Is.EqualTo(new Uri("wss://fstream.binance.com/market/stream?streams=btcusdt@aggTrade/btcusdt@kline_1m")));
    }

    [Test]
    public void Subscriptions_LeaveOutARouteWithoutStreams() =>
        Assert.That(UsdM.Subscriptions("ETHUSDT", [StreamCatalog.MarkPrice], Network).Single().Route, Is.EqualTo(WsRoute.Market));

    [Test]
    public void Parser_ReadsTheSymbolsMessages_AndRejectsAnotherSymbols()
    {
        var parser = UsdM.CreateParser("BTCUSDT", klineAllUpdates: false);
        const string trade = """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1,"s":"%S%","a":42,"p":"1.5","q":"2","f":1,"l":2,"T":1,"m":true}}""";

        var rows = new CsvRowBuilder();
        var mine = parser.Parse(Encoding.UTF8.GetBytes(trade.Replace("%S%", "BTCUSDT", StringComparison.Ordinal)), 7, rows);
        Assert.That((mine.Outcome, mine.Stream, mine.FirstId), Is.EqualTo((ParseOutcome.Rows, StreamType.AggTrade, 42L)));

        var other = parser.Parse(Encoding.UTF8.GetBytes(trade.Replace("%S%", "ETHUSDT", StringComparison.Ordinal)), 7, new CsvRowBuilder());
        Assert.That(other.Error, Is.EqualTo(ParseError.WrongSymbol));
    }

    [Test]
    public void DepthRule_IsTheFuturesPuChain()
    {
        var rule = UsdM.DepthRule;

        Assert.That(rule.IsBeforeSnapshot(finalUpdateId: 99, snapshotLastUpdateId: 100), Is.True, "u < L is dropped");
        Assert.That(rule.IsBeforeSnapshot(finalUpdateId: 100, snapshotLastUpdateId: 100), Is.False);
        Assert.That(rule.StraddlesSnapshot(90, 110, 100), Is.True, "U <= L <= u");
        Assert.That(rule.StraddlesSnapshot(100, 110, 100), Is.True);
        Assert.That(rule.StraddlesSnapshot(101, 110, 100), Is.False, "a first diff after L + 1 leaves a hole: spot would accept it, futures must not");
        Assert.That(rule.Continues(new DepthUpdateIds(First: 130, Final: 140, PrevFinal: 110), previousFinalUpdateId: 110), Is.True, "U skips on futures: only pu counts");
        Assert.That(rule.Continues(new DepthUpdateIds(First: 111, Final: 140, PrevFinal: 105), previousFinalUpdateId: 110), Is.False, "U = u + 1 is not enough");
    }

    [Test]
    public void Rest_IsTheFapiClient_WithItsPageAndSnapshotLimits()
    {
        var dir = Directory.CreateTempSubdirectory("streamer-exchange-tests").FullName;
        try
        {
            var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(dir), 2400, TimeProvider.System, NullLogger.Instance);
            using var rest = UsdM.CreateRest(Network, limiter, TimeProvider.System, NullLogger.Instance);

            Assert.That(rest, Is.InstanceOf<BinanceRestClient>());
            Assert.That(rest.Limiter, Is.SameAs(limiter));
            Assert.That((rest.PageSize, rest.DepthSnapshotLimit), Is.EqualTo((1000, 1000)));
            Assert.That(rest.SymbolListUrl, Is.EqualTo(new Uri("https://fapi.binance.com/fapi/v1/exchangeInfo")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
