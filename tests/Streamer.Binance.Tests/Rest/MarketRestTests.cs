using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Configuration;
using Streamer.Core.Exchanges;

namespace Streamer.Binance.Tests.Rest;

/// <summary>Each market's REST paths and weights through one <see cref="BinanceRestClient"/> and a fake handler; the answers each market gives.</summary>
public sealed class MarketRestTests
{
    private const string Snapshot = """{"lastUpdateId":50093239218,"bids":[["61837.63000000","3.78826000"]],"asks":[["61837.64000000","1.54698000"],["61837.65000000","0.1"]]}""";
    private const string AggTrades = """[{"a":5,"p":"1.0","q":"2","f":1,"l":1,"T":10,"m":true,"M":true}]""";
    private const string Klines = """[[1499040000000,"1","2","0.5","1.5","10",1499040059999,"15",3,"5","7","0"]]""";

    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("streamer-market-rest-tests").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static NetworkConfig Network => ConfigLoader.Parse("mode: m\nmodes:\n  m:\n    symbols: [BTCUSDT]\nnetwork:\n  reconnect_min_delay: 10ms\n", "/tmp/x.yaml").Network;

    public static IEnumerable<TestCaseData> Weights()
    {
        // market, symbol, base, prefix, exchangeInfo, depth(1000), aggTrades, klines(1000), klines(99)
        yield return new TestCaseData(ExchangeIds.BinanceUsdM, "BTCUSDT", "https://fapi.binance.com", "/fapi/v1", 1, 20, 20, 5, 1).SetName("USD-M");
        yield return new TestCaseData(ExchangeIds.BinanceCoinM, "BTCUSD_PERP", "https://dapi.binance.com", "/dapi/v1", 1, 20, 20, 5, 1).SetName("COIN-M");
        yield return new TestCaseData(ExchangeIds.BinanceSpot, "BTCUSDT", "https://api.binance.com", "/api/v3", 20, 50, 4, 2, 2).SetName("spot");
    }

    [TestCaseSource(nameof(Weights))]
    public async Task EveryCall_HasTheMarketsPath_AndReservesItsWeight(string exchange, string symbol, string baseUrl, string prefix,
        int exchangeInfo, int depth, int aggTrades, int klines, int smallKlines)
    {
        var handler = new PathHandler();
        var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(_dir, exchange), 100_000, TimeProvider.System, NullLogger.Instance);
        var market = BinanceMarket.Of(exchange);
        var url = exchange == ExchangeIds.BinanceUsdM ? Network.RestUrl : Network.MarketOf(exchange).RestUrl;
        using var client = new BinanceRestClient(market, url, Network, limiter, TimeProvider.System, NullLogger.Instance, handler);

        var used = new List<long>();
        async Task Step(Func<Task> call)
        {
            var before = limiter.WeightUsed;
            await call();
            used.Add(limiter.WeightUsed - before);
        }

        await Step(() => client.GetExchangeInfoAsync(CancellationToken.None));
        await Step(() => client.GetDepthSnapshotAsync(symbol, client.DepthSnapshotLimit, CancellationToken.None));
        await Step(() => client.GetAggTradesAsync(symbol, 5, client.PageSize, CancellationToken.None));
        await Step(() => client.GetKlinesAsync(symbol, 1499040000000, client.PageSize, CancellationToken.None));
        await Step(() => client.GetKlinesAsync(symbol, 1499040000000, 99, CancellationToken.None));

        Assert.That(handler.Requests, Is.EqualTo(new[]
        {
            $"{baseUrl}{prefix}/exchangeInfo",
            $"{baseUrl}{prefix}/depth?symbol={symbol}&limit=1000",
            $"{baseUrl}{prefix}/aggTrades?symbol={symbol}&fromId=5&limit=1000",
            $"{baseUrl}{prefix}/klines?symbol={symbol}&interval=1m&startTime=1499040000000&limit=1000",
            $"{baseUrl}{prefix}/klines?symbol={symbol}&interval=1m&startTime=1499040000000&limit=99",
        }));
        Assert.That(used, Is.EqualTo(new long[] { exchangeInfo, depth, aggTrades, klines, smallKlines }));
        Assert.That((client.PageSize, client.DepthSnapshotLimit), Is.EqualTo((1000, 1000)));
        Assert.That(client.SymbolListUrl, Is.EqualTo(new Uri($"{baseUrl}{prefix}/exchangeInfo")));
        Assert.That(client.Market, Is.SameAs(market));
    }

    [TestCase(1, 5)]
    [TestCase(100, 5)]
    [TestCase(101, 25)]
    [TestCase(500, 25)]
    [TestCase(501, 50)]
    [TestCase(1000, 50)]
    [TestCase(1001, 250)]
    [TestCase(5000, 250)]
    public void SpotDepthWeight_FollowsBinancesTable(int limit, int weight) =>
        Assert.That(BinanceMarket.Spot.DepthWeight(limit), Is.EqualTo(weight));

    [TestCase(5, 2)]
    [TestCase(50, 2)]
    [TestCase(100, 5)]
    [TestCase(500, 10)]
    [TestCase(1000, 20)]
    public void FuturesDepthWeight_IsTheSameOnUsdMAndCoinM(int limit, int weight)
    {
        Assert.That(BinanceMarket.CoinM.DepthWeight(limit), Is.EqualTo(weight));
        Assert.That(BinanceMarket.UsdM.DepthWeight(limit), Is.EqualTo(RestWeights.Depth(limit)));
    }

    [Test]
    public void WeightLimits_AreEachMarketsOwn() =>
        Assert.That(BinanceMarket.All.Select(m => (m.Exchange, m.WeightLimit)), Is.EqualTo(new[]
        {
            (ExchangeIds.BinanceUsdM, 2400), (ExchangeIds.BinanceCoinM, 2400), (ExchangeIds.BinanceSpot, 6000),
        }).And.All.Matches<(string Exchange, int Limit)>(m => m.Limit == MarketEndpoints.WeightLimitOf(m.Exchange)));

    [Test]
    public async Task SpotSnapshot_WithoutEAndT_WritesThemEmpty_AndIsDatedByItsArrival()
    {
        var handler = new PathHandler();
        var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(_dir, ExchangeIds.BinanceSpot), 6000, TimeProvider.System, NullLogger.Instance);
        using var client = new BinanceRestClient(BinanceMarket.Spot, Network.MarketOf(ExchangeIds.BinanceSpot).RestUrl, Network, limiter, TimeProvider.System, NullLogger.Instance, handler);

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var snapshot = await client.GetDepthSnapshotAsync("BTCUSDT", 1000, CancellationToken.None);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var rows = Encoding.UTF8.GetString(snapshot.Rows.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows, Has.Length.EqualTo(3));
        var local = rows[0].Split(',')[^1];
        Assert.That(rows, Is.EqualTo(new[]
        {
            $"50093239218,,,bid,61837.63000000,3.78826000,{local}",
            $"50093239218,,,ask,61837.64000000,1.54698000,{local}",
            $"50093239218,,,ask,61837.65000000,0.1,{local}",
        }));
        Assert.That((snapshot.LastUpdateId, snapshot.Bids, snapshot.Asks, snapshot.HasEventTime, snapshot.HasTransactTime), Is.EqualTo((50093239218L, 1, 2, false, false)));
        Assert.That(snapshot.EventTimeMs, Is.InRange(before, after), "the day file is that of the local receive time");
        Assert.That(snapshot.EventTimeMs, Is.EqualTo(long.Parse(local, System.Globalization.CultureInfo.InvariantCulture) / 1000));
        Assert.That(snapshot.TransactTimeMs, Is.EqualTo(snapshot.EventTimeMs));
    }

    [Test]
    public void FuturesSnapshot_WithEAndT_StillWritesThem()
    {
        var snapshot = RestResponseParser.DepthSnapshot("""{"lastUpdateId":7,"E":1000,"T":999,"bids":[["1","2"]],"asks":[]}"""u8, 5_000_000);

        Assert.That(Encoding.UTF8.GetString(snapshot.Rows.Span), Is.EqualTo("7,1000,999,bid,1,2,5000000\n"));
        Assert.That((snapshot.EventTimeMs, snapshot.TransactTimeMs, snapshot.HasEventTime, snapshot.HasTransactTime), Is.EqualTo((1000L, 999L, true, true)));
    }

    [Test]
    public async Task CoinMExchangeInfo_ReadsContractStatus()
    {
        var handler = new PathHandler();
        var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(_dir, ExchangeIds.BinanceCoinM), 2400, TimeProvider.System, NullLogger.Instance);
        using var client = new BinanceRestClient(BinanceMarket.CoinM, Network.MarketOf(ExchangeIds.BinanceCoinM).RestUrl, Network, limiter, TimeProvider.System, NullLogger.Instance, handler);

        var symbols = await client.GetExchangeInfoAsync(CancellationToken.None);

        Assert.That(symbols, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["BTCUSD_PERP"] = "TRADING",
            ["BTCUSD_250627"] = "PENDING_TRADING",
            ["ETHUSD_PERP"] = "TRADING",
        }));
    }

    [Test]
    public void ExchangeInfo_PrefersStatus_AndOnlyReadsTheFallbackWhenAsked()
    {
        var json = """{"symbols":[{"symbol":"A","contractStatus":"SETTLING","status":"TRADING"},{"symbol":"B","contractStatus":"SETTLING"}]}"""u8;

        Assert.That(RestResponseParser.ExchangeInfoSymbols(json, "contractStatus"), Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "TRADING", ["B"] = "SETTLING" }));
        Assert.That(RestResponseParser.ExchangeInfoSymbols(json), Is.EquivalentTo(new Dictionary<string, string> { ["A"] = "TRADING", ["B"] = "" }), "USD-M reads status only, as before");
    }

    [Test]
    public void StateFiles_AreOnePerMarket_UsdMKeepingItsName()
    {
        Assert.That(RestWeightLimiter.StateFileIn(_dir, ExchangeIds.BinanceUsdM), Is.EqualTo(RestWeightLimiter.StateFileIn(_dir)));
        Assert.That(ExchangeIds.Known.Select(e => RestWeightLimiter.StateFileIn(_dir, e)).Distinct().Count(), Is.EqualTo(ExchangeIds.Known.Count));
        Assert.That(RestWeightLimiter.StateFileIn(_dir, ExchangeIds.BinanceSpot), Is.EqualTo(Path.Combine(_dir, ".streamer", "rest-weight-binance-spot")));
        Assert.Throws<ArgumentException>(() => RestWeightLimiter.StateFileIn(_dir, "../x"));
    }

    /// <summary>Answers each endpoint as the market would (COIN-M's exchangeInfo with contractStatus), recording the URLs.</summary>
    private sealed class PathHandler : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            Requests.Add(uri.ToString());
            var body = uri.AbsolutePath switch
            {
                var p when p.EndsWith("/exchangeInfo", StringComparison.Ordinal) && p.StartsWith("/dapi", StringComparison.Ordinal) =>
                    """{"timezone":"UTC","symbols":[{"symbol":"BTCUSD_PERP","pair":"BTCUSD","contractType":"PERPETUAL","contractStatus":"TRADING"},{"symbol":"BTCUSD_250627","pair":"BTCUSD","contractStatus":"PENDING_TRADING"},{"symbol":"ETHUSD_PERP","contractStatus":"TRADING","filters":[{"x":1}]}]}""",
                var p when p.EndsWith("/exchangeInfo", StringComparison.Ordinal) => """{"symbols":[{"symbol":"BTCUSDT","status":"TRADING"}]}""",
                var p when p.EndsWith("/depth", StringComparison.Ordinal) => Snapshot,
                var p when p.EndsWith("/aggTrades", StringComparison.Ordinal) => AggTrades,
                var p when p.EndsWith("/klines", StringComparison.Ordinal) => Klines,
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
