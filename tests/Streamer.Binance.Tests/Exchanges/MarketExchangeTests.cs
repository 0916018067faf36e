using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Binance.WebSockets;
using Streamer.Core.Configuration;
using Streamer.Core.Csv;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Binance.Tests.Exchanges;

/// <summary>binance-cm and binance-spot through <see cref="IExchange"/>: one connection per symbol on network.{id}.ws_url, their streams, depth speeds, parsers, rules and REST.</summary>
public sealed class MarketExchangeTests
{
    private static readonly IExchange CoinM = BinanceExchanges.Get(ExchangeIds.BinanceCoinM);
    private static readonly IExchange Spot = BinanceExchanges.Get(ExchangeIds.BinanceSpot);

    private static NetworkConfig Network => ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\n", "/tmp/x.yaml").Network;

    [Test]
    public void Registry_ListsAllThree_InTheOrderOfTheKnownIds()
    {
        Assert.That(BinanceExchanges.All.Select(e => e.Id), Is.EqualTo(ExchangeIds.Known.Take(3)));
        Assert.That(CoinM, Is.SameAs(BinanceCoinM.Instance));
        Assert.That(Spot, Is.SameAs(BinanceSpot.Instance));
        Assert.That(BinanceMarket.All.Select(m => m.Exchange), Is.EqualTo(ExchangeIds.Known.Take(3)));
    }

    [Test]
    public void EveryExchangesDepthRule_IsTheOneCoreNamesForIt()
    {
        foreach (var exchange in BinanceExchanges.All)
        {
            Assert.That(exchange.DepthRule, Is.SameAs(DepthRules.For(exchange.Id)), exchange.Id);
        }

        Assert.That(CoinM.DepthRule, Is.SameAs(FuturesDepthRule.Instance));
        Assert.That(Spot.DepthRule, Is.SameAs(SpotDepthRule.Instance));
    }

    [Test]
    public void CoinM_PutsEveryStreamOnOneConnection_OnItsOwnWsUrl()
    {
        var routes = CoinM.Subscriptions("BTCUSD_PERP", [StreamCatalog.AggTrade, StreamCatalog.Depth, StreamCatalog.BookTicker, StreamCatalog.Kline1m, StreamCatalog.MarkPrice, StreamCatalog.ForceOrder], Network);

        var route = routes.Single();
        Assert.That((route.Route, route.Name, route.Symbol, route.Market), Is.EqualTo((WsRoute.None, "stream", "BTCUSD_PERP", BinanceMarket.CoinM)));
        Assert.That(route.Url, Is.EqualTo(new Uri("wss://dstream.binance.com/stream?streams=btcusd_perp@aggTrade/btcusd_perp@depth@100ms/btcusd_perp@bookTicker/btcusd_perp@kline_1m/btcusd_perp@markPrice@1s/btcusd_perp@forceOrder")));
    }

    [Test]
    public void Spot_PutsEveryStreamOnOneConnection_OnItsOwnWsUrl()
    {
        var route = Spot.Subscriptions("BTCUSDT", [StreamCatalog.Depth, StreamCatalog.BookTicker, StreamCatalog.AggTrade, StreamCatalog.Kline1m], Network).Single();

        Assert.That(route.Name, Is.EqualTo("stream"));
        Assert.That(route.Url, Is.EqualTo(new Uri("wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@aggTrade/btcusdt@kline_1m")));
    }

    [Test]
    public void Subscriptions_FollowTheConfiguredWsUrl_AsUnderTheSimulator()
    {
        var network = Network
            .WithMarket(ExchangeIds.BinanceCoinM, new(new Uri("http://127.0.0.1:9000"), new Uri("ws://127.0.0.1:9000/cm"), 100))
            .WithMarket(ExchangeIds.BinanceSpot, new(new Uri("http://127.0.0.1:9000"), new Uri("ws://127.0.0.1:9000/spot/"), 100));

        Assert.That(CoinM.Subscriptions("BTCUSD_PERP", [StreamCatalog.AggTrade], network).Single().Url, Is.EqualTo(new Uri("ws://127.0.0.1:9000/cm/stream?streams=btcusd_perp@aggTrade")));
        Assert.That(Spot.Subscriptions("BTCUSDT", [StreamCatalog.AggTrade], network).Single().Url, Is.EqualTo(new Uri("ws://127.0.0.1:9000/spot/stream?streams=btcusdt@aggTrade")));
    }

    [Test]
    public void Subscriptions_WithoutWebSocketStreams_AreNone() =>
        Assert.That(Spot.Subscriptions("BTCUSDT", [StreamCatalog.DepthSnapshot], Network), Is.Empty);

    [Test]
    public void UsdM_KeepsItsTwoRoutes()
    {
        var routes = BinanceExchanges.Get(ExchangeIds.BinanceUsdM).Subscriptions("BTCUSDT", [StreamCatalog.AggTrade, StreamCatalog.Depth], Network with { DepthSpeed = "0ms" });

        Assert.That(routes.Select(r => (r.Route, r.Name)), Is.EqualTo(new[] { (WsRoute.Public, "public"), (WsRoute.Market, "market") }));
        Assert.That(routes[0].Url, Is.EqualTo(new Uri("wss://fstream.binance.com/public/stream?streams=btcusdt@depth@0ms")));
    }

    [Test]
    public void Spot_ServesNoMarkPriceAndNoForceOrder_AndRefusesToSubscribeThem()
    {
        Assert.That(Spot.SupportedStreams, Is.EquivalentTo(new[] { StreamCatalog.AggTrade, StreamCatalog.Kline1m, StreamCatalog.Depth, StreamCatalog.BookTicker }));
        Assert.That(Spot.Supports(StreamCatalog.MarkPrice), Is.False);
        Assert.That(Spot.Supports(StreamCatalog.ForceOrder), Is.False);
        Assert.That(Spot.Supports(StreamCatalog.BookTicker), Is.True);
        var e = Assert.Throws<ArgumentException>(() => Spot.Subscriptions("BTCUSDT", [StreamCatalog.AggTrade, StreamCatalog.ForceOrder], Network));
        Assert.That(e!.Message, Does.Contain("binance-spot has no forceorder stream"));
    }

    [Test]
    public void SupportedStreams_AreThoseTheConfigurationAllows()
    {
        foreach (var exchange in BinanceExchanges.All)
        {
            foreach (var stream in StreamCatalog.Subscribable)
            {
                Assert.That(exchange.Supports(stream), Is.EqualTo(ExchangeStreams.Supports(exchange.Id, stream)), exchange.Id + " " + stream.ConfigName);
            }

            Assert.That(exchange.SupportedStreams, Is.EquivalentTo(ExchangeStreams.Of(exchange.Id)), exchange.Id);
        }
    }

    [Test]
    public void FuturesMarkets_ServeEveryBinanceStream_AndNoneOfBybits()
    {
        StreamInfo[] binance = [StreamCatalog.AggTrade, StreamCatalog.Kline1m, StreamCatalog.Depth, StreamCatalog.BookTicker, StreamCatalog.MarkPrice, StreamCatalog.ForceOrder];
        foreach (var exchange in new[] { CoinM, BinanceExchanges.Get(ExchangeIds.BinanceUsdM) })
        {
            Assert.That(exchange.SupportedStreams, Is.EquivalentTo(binance), exchange.Id);
            Assert.That(exchange.Supports(StreamCatalog.Trade), Is.False, exchange.Id);
            Assert.That(exchange.Supports(StreamCatalog.Ticker), Is.False, exchange.Id);
        }
    }

    [TestCase(ExchangeIds.BinanceSpot, "0ms", "100ms", "btcusdt@depth@100ms")]
    [TestCase(ExchangeIds.BinanceSpot, "100ms", "100ms", "btcusdt@depth@100ms")]
    [TestCase(ExchangeIds.BinanceSpot, "250ms", "1000ms", "btcusdt@depth")]
    [TestCase(ExchangeIds.BinanceSpot, "500ms", "1000ms", "btcusdt@depth")]
    [TestCase(ExchangeIds.BinanceCoinM, "0ms", "100ms", "btcusdt@depth@100ms")]
    [TestCase(ExchangeIds.BinanceCoinM, "100ms", "100ms", "btcusdt@depth@100ms")]
    [TestCase(ExchangeIds.BinanceCoinM, "250ms", "250ms", "btcusdt@depth")]
    [TestCase(ExchangeIds.BinanceCoinM, "500ms", "500ms", "btcusdt@depth@500ms")]
    [TestCase(ExchangeIds.BinanceUsdM, "0ms", "0ms", "btcusdt@depth@0ms")]
    [TestCase(ExchangeIds.BinanceUsdM, "250ms", "250ms", "btcusdt@depth")]
    [TestCase(ExchangeIds.BinanceUsdM, "500ms", "500ms", "btcusdt@depth@500ms")]
    public void DepthSpeed_MapsToOneTheMarketServes(string id, string configured, string speed, string streamName)
    {
        var exchange = BinanceExchanges.Get(id);

        Assert.That(exchange.DepthSpeedOf(configured), Is.EqualTo(speed));
        Assert.That(exchange.DepthSpeeds, Does.Contain(speed));
        Assert.That(BinanceMarket.Of(id).StreamName(StreamCatalog.Depth, "BTCUSDT", configured), Is.EqualTo(streamName));
        Assert.That(exchange.Subscriptions("BTCUSDT", [StreamCatalog.Depth], Network with { DepthSpeed = configured }).Single().Url.Query, Does.EndWith("=" + streamName));
    }

    [Test]
    public void DepthSpeeds_AreTheMarketsOwn()
    {
        Assert.That(Spot.DepthSpeeds, Is.EqualTo(new[] { "100ms", "1000ms" }));
        Assert.That(CoinM.DepthSpeeds, Is.EqualTo(new[] { "100ms", "250ms", "500ms" }));
    }

    [Test]
    public void StreamNames_AreTheSameFunctionForEveryMarket_LowerCase()
    {
        foreach (var stream in ExchangeStreams.Of(ExchangeIds.BinanceCoinM).Where(s => s.Type != StreamType.Depth))
        {
            Assert.That(BinanceMarket.CoinM.StreamName(stream, "BTCUSD_PERP", "100ms"), Is.EqualTo(StreamCatalog.BinanceStreamName(stream, "btcusd_perp")));
            Assert.That(BinanceMarket.UsdM.StreamName(stream, "BTCUSDT", "100ms"), Is.EqualTo(StreamCatalog.BinanceStreamName(stream, "BTCUSDT")));
        }
    }

    [Test]
    public void Parsers_AreTheMarketsDialect_AndRejectAnotherSymbol()
    {
        var spot = Spot.CreateParser("BTCUSDT", klineAllUpdates: false);
        var rows = new CsvRowBuilder();

        var mine = spot.Parse("""{"u":5,"s":"BTCUSDT","b":"1","B":"2","a":"3","A":"4"}"""u8, 7_000, rows);
        var other = spot.Parse("""{"u":5,"s":"ETHUSDT","b":"1","B":"2","a":"3","A":"4"}"""u8, 7_000, new CsvRowBuilder());

        Assert.That((mine.Outcome, mine.Stream), Is.EqualTo((ParseOutcome.Rows, StreamType.BookTicker)));
        Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan), Is.EqualTo("5,1,2,3,4,,,7000\n"));
        Assert.That(other.Error, Is.EqualTo(ParseError.WrongSymbol));
        Assert.That(((BinanceMessageParser)spot).Dialect, Is.EqualTo(BinanceDialect.Spot));
        Assert.That(((BinanceMessageParser)CoinM.CreateParser("BTCUSD_PERP", false)).Dialect, Is.EqualTo(BinanceDialect.CoinM));
        Assert.That(((BinanceMessageParser)BinanceExchanges.Get(ExchangeIds.BinanceUsdM).CreateParser("BTCUSDT", false)).Dialect, Is.EqualTo(BinanceDialect.UsdM));
    }

    [TestCase(ExchangeIds.BinanceCoinM, "https://dapi.binance.com/dapi/v1/exchangeInfo", "rest-weight-binance-cm")]
    [TestCase(ExchangeIds.BinanceSpot, "https://api.binance.com/api/v3/exchangeInfo", "rest-weight-binance-spot")]
    [TestCase(ExchangeIds.BinanceUsdM, "https://fapi.binance.com/fapi/v1/exchangeInfo", "rest-weight")]
    public async Task Rest_IsOnTheMarketsOwnUrl_WithItsOwnWeightBudget(string id, string symbolList, string stateFile)
    {
        var exchange = BinanceExchanges.Get(id);
        var dir = Directory.CreateTempSubdirectory("streamer-exchange-tests").FullName;
        try
        {
            var limiter = exchange.CreateLimiter(dir, Network, TimeProvider.System, NullLogger.Instance);
            using var rest = exchange.CreateRest(Network, limiter, TimeProvider.System, NullLogger.Instance);

            Assert.That(rest, Is.InstanceOf<BinanceRestClient>());
            Assert.That(((BinanceRestClient)rest).Market, Is.SameAs(BinanceMarket.Of(id)));
            Assert.That(rest.Limiter, Is.SameAs(limiter));
            Assert.That((rest.PageSize, rest.DepthSnapshotLimit), Is.EqualTo((1000, 1000)));
            Assert.That(rest.SymbolListUrl, Is.EqualTo(new Uri(symbolList)));

            await limiter.ReserveAsync(1, CancellationToken.None);
            Assert.That(File.Exists(Path.Combine(dir, ".streamer", stateFile)), Is.True, "each market has its own state file");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task Limiter_HasTheMarketsBudget()
    {
        var network = Network.WithMarket(ExchangeIds.BinanceSpot, MarketEndpoints.SpotDefaults with { RestWeightBudget = 60 });
        var dir = Directory.CreateTempSubdirectory("streamer-exchange-tests").FullName;
        try
        {
            var limiter = Spot.CreateLimiter(dir, network, new FrozenTime(), NullLogger.Instance);
            await limiter.ReserveAsync(60, CancellationToken.None);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            Assert.That(async () => await limiter.ReserveAsync(1, cts.Token), Throws.InstanceOf<OperationCanceledException>(), "the budget of 60 is spent until the next minute");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A clock that stays in one weight window.</summary>
    private sealed class FrozenTime : TimeProvider
    {
        private readonly DateTimeOffset _now = new(2026, 1, 1, 0, 0, 30, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
