using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Configuration;
using Streamer.Core.Exchanges;
using static Streamer.Bybit.Tests.Rest.ScriptedHandler;

namespace Streamer.Bybit.Tests.Rest;

/// <summary>Bybit's REST answers as the recorder's rows, and its answers to overuse as the shared limiter's bans and pauses.</summary>
public sealed class BybitRestClientTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("streamer-bybit-rest-tests").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static NetworkConfig Network => ConfigLoader.Parse("mode: m\nmodes:\n  m:\n    symbols: [BTCUSDT]\nnetwork:\n  reconnect_min_delay: 10ms\n", "/tmp/x.yaml").Network;

    private (BybitRestClient Client, RestWeightLimiter Limiter) Create(ScriptedHandler handler)
    {
        var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(_dir, ExchangeIds.BybitLinear), 1200, TimeProvider.System, NullLogger.Instance);
        return (new BybitRestClient(new Uri("http://127.0.0.1:1"), Network, limiter, TimeProvider.System, NullLogger.Instance, handler), limiter);
    }

    private static string Text(RestRows rows) => Encoding.UTF8.GetString(rows.Bytes.Span);

    [Test]
    public async Task RecentTrades_ComeNewestFirst_AndAreReturnedInAscendingSeq()
    {
        var handler = new ScriptedHandler(Ok("""
            {"category":"linear","list":[
              {"execId":"c3c3c3c3-0000-5000-8000-000000000003","symbol":"BTCUSDT","price":"16580.00","size":"0.010","side":"Sell","time":"1672304486870","isBlockTrade":false,"seq":"1783284620"},
              {"execId":"b2b2b2b2-0000-5000-8000-000000000002","symbol":"BTCUSDT","price":"16579.50","size":"0.200","side":"Buy","time":"1672304486866","isBlockTrade":true,"seq":1783284618},
              {"execId":"a1a1a1a1-0000-5000-8000-000000000001","symbol":"BTCUSDT","price":"16578.50","size":"0.001","side":"Buy","time":"1672304486865","isBlockTrade":false,"seq":"1783284617"}]}
            """));
        var (client, limiter) = Create(handler);
        using var _ = client;

        var rows = await client.GetRecentTradesAsync("BTCUSDT", 1000, CancellationToken.None);

        Assert.That(handler.Requests.Single(), Is.EqualTo("/v5/market/recent-trade?category=linear&symbol=BTCUSDT&limit=1000"));
        Assert.That(rows.Rows.Select(r => (r.Id, r.ExchangeTimeMs)), Is.EqualTo(new[] { (1783284617L, 1672304486865L), (1783284618L, 1672304486866L), (1783284620L, 1672304486870L) }));
        var lines = Text(rows).Split('\n');
        Assert.That(lines[0], Does.StartWith("a1a1a1a1-0000-5000-8000-000000000001,16578.50,0.001,false,1672304486865,1783284617,false,"));
        Assert.That(lines[1], Does.StartWith("b2b2b2b2-0000-5000-8000-000000000002,16579.50,0.200,false,1672304486866,1783284618,true,"));
        Assert.That(lines[2], Does.StartWith("c3c3c3c3-0000-5000-8000-000000000003,16580.00,0.010,true,1672304486870,1783284620,false,"));
        Assert.That(Encoding.UTF8.GetString(rows.RowBytes(rows.Rows[1]).Span), Is.EqualTo(lines[1] + "\n"));
        Assert.That(lines[0].Split(',').Length, Is.EqualTo(Core.Streams.StreamCatalog.Trade.Header.Split(',').Length));
        Assert.That(limiter.WeightUsed, Is.EqualTo(1), "every Bybit request weighs 1");
    }

    [Test]
    public async Task Klines_AskForTheRangeOfTheLimit_AndAreReturnedOldestFirst_AsClosedCandles()
    {
        var handler = new ScriptedHandler(Ok("""
            {"symbol":"BTCUSDT","category":"linear","list":[
              ["1672324920000","16680","16690","16675","16688.5","1.5","25025.1"],
              ["1672324860000","16677","16681","16676","16680.5","0.513","8556.6165"],
              ["1672324800000","16649.5","16677","16608","16677","2.081","34666.4005"]]}
            """));
        var (client, _) = Create(handler);
        using var __ = client;

        var rows = await client.GetKlinesAsync("BTCUSDT", 1672324800000, 3, CancellationToken.None);

        Assert.That(handler.Requests.Single(), Is.EqualTo("/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&start=1672324800000&end=1672324979999&limit=3"));
        Assert.That(rows.Rows.Select(r => r.Id), Is.EqualTo(new[] { 1672324800000L, 1672324860000L, 1672324920000L }));
        Assert.That(rows.Rows.Select(r => r.ExchangeTimeMs), Is.EqualTo(rows.Rows.Select(r => r.Id)), "a candle's day is its open time");
        Assert.That(Text(rows).Split('\n')[0], Does.StartWith("1672324800000,16649.5,16677,16608,16677,2.081,1672324859999,34666.4005,,,,true,1672324859999,"));
        Assert.That(Text(rows).Split('\n')[0].Split(',').Length, Is.EqualTo(Core.Streams.StreamCatalog.Kline1m.Header.Split(',').Length));
    }

    [Test]
    public async Task Orderbook_IsADepthSnapshot_OnTheSequenceOfTheStream()
    {
        var handler = new ScriptedHandler(Ok("""
            {"s":"BTCUSDT","b":[["16493.50","0.006"],["16493.00","0.100"]],"a":[["16611.00","0.029"]],"ts":1672304484978,"u":18521288,"seq":7961638724,"cts":1672304484976}
            """));
        var (client, _) = Create(handler);
        using var __ = client;

        var snapshot = await client.GetDepthSnapshotAsync("BTCUSDT", client.DepthSnapshotLimit, CancellationToken.None);

        Assert.That(handler.Requests.Single(), Is.EqualTo("/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=500"));
        Assert.That((snapshot.LastUpdateId, snapshot.EventTimeMs, snapshot.TransactTimeMs, snapshot.Bids, snapshot.Asks, snapshot.HasEventTime, snapshot.HasTransactTime),
            Is.EqualTo((18521288L, 1672304484978L, 1672304484976L, 2, 1, true, true)));
        var lines = Encoding.UTF8.GetString(snapshot.Rows.Span).Split('\n');
        Assert.That(lines[0], Does.StartWith("18521288,1672304484978,1672304484976,bid,16493.50,0.006,"));
        Assert.That(lines[2], Does.StartWith("18521288,1672304484978,1672304484976,ask,16611.00,0.029,"));
        Assert.That(lines, Has.Length.EqualTo(4), "three rows and the final newline");
    }

    [Test]
    public async Task ExchangeInfo_FollowsTheCursor_AndNamesTradingAsBinanceDoes()
    {
        var handler = new ScriptedHandler(
            Ok("""{"category":"linear","list":[{"symbol":"BTCUSDT","status":"Trading","contractType":"LinearPerpetual"},{"symbol":"NEWUSDT","status":"PreLaunch"}],"nextPageCursor":"first%3D1000"}"""),
            Ok("""{"category":"linear","list":[{"symbol":"OLDUSDT","status":"Closed"}],"nextPageCursor":""}"""));
        var (client, limiter) = Create(handler);
        using var _ = client;

        var symbols = await client.GetExchangeInfoAsync(CancellationToken.None);

        Assert.That(symbols, Is.EquivalentTo(new Dictionary<string, string> { ["BTCUSDT"] = "TRADING", ["NEWUSDT"] = "PRE_LAUNCH", ["OLDUSDT"] = "CLOSED" }));
        Assert.That(handler.Requests, Is.EqualTo(new[]
        {
            "/v5/market/instruments-info?category=linear&limit=1000",
            "/v5/market/instruments-info?category=linear&limit=1000&cursor=first%253D1000",
        }));
        Assert.That(limiter.WeightUsed, Is.EqualTo(2));
        Assert.That(client.SymbolListUrl.PathAndQuery, Is.EqualTo("/v5/market/instruments-info?category=linear"));
    }

    [Test]
    public async Task Http403_RecordsATenMinuteBan_InTheSharedLimiter()
    {
        var handler = new ScriptedHandler(Answer(403, "access too frequent"));
        var (client, limiter) = Create(handler);
        using var _ = client;
        using var cts = new CancellationTokenSource();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var call = client.GetDepthSnapshotAsync("BTCUSDT", 500, cts.Token);
        await WaitAsync(() => limiter.IsBanned, "the ban is recorded");

        var bannedFor = TimeSpan.FromMilliseconds(limiter.BlockedUntilMs - before);
        Assert.That(bannedFor, Is.InRange(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30)));
        var other = new RestWeightLimiter(RestWeightLimiter.StateFileIn(_dir, ExchangeIds.BybitLinear), 1200, TimeProvider.System, NullLogger.Instance);
        using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.That(async () => await other.ReserveAsync(1, quick.Token), Throws.InstanceOf<OperationCanceledException>(), "another process waits for the ban too");
        Assert.That(other.IsBanned, Is.True);
        Assert.That(handler.Requests, Has.Count.EqualTo(1), "nothing is sent while banned");

        await cts.CancelAsync();
        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task TooManyVisits_BacksOffUntilTheResetTimestamp_ThenSucceeds()
    {
        var reset = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000;
        var handler = new ScriptedHandler(
            Answer(200, """{"retCode":10006,"retMsg":"Too many visits!","result":{},"retExtInfo":{},"time":1}""", limitResetMs: reset),
            Ok("""{"category":"linear","list":[]}"""));
        var (client, limiter) = Create(handler);
        using var _ = client;

        var rows = await client.GetRecentTradesAsync("BTCUSDT", 1000, CancellationToken.None);

        Assert.That(rows.Rows, Is.Empty);
        Assert.That(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Is.GreaterThanOrEqualTo(reset - 20), "waited for the reset");
        Assert.That(limiter.BlockedUntilMs, Is.Zero.Or.InRange(reset - 50, reset + 50), "the pause was the limiter's, shared with every process");
        Assert.That(limiter.IsBanned, Is.False, "a 10006 is a pause, not a ban");
        Assert.That(handler.Requests, Has.Count.EqualTo(2));
        Assert.That(limiter.WeightUsed, Is.EqualTo(2));
        Assert.That(client.Failures, Is.EqualTo(1));
    }

    [Test]
    public async Task TooManyVisits_PausesEveryProcess_UntilTheResetTimestamp()
    {
        var reset = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000;
        var handler = new ScriptedHandler(Answer(200, """{"retCode":10006,"retMsg":"Too many visits!","result":{}}""", limitResetMs: reset));
        var (client, limiter) = Create(handler);
        using var _ = client;
        using var cts = new CancellationTokenSource();

        var call = client.GetRecentTradesAsync("BTCUSDT", 1000, cts.Token);
        await WaitAsync(() => limiter.BlockedUntilMs > 0, "the pause is recorded");

        Assert.That(limiter.BlockedUntilMs, Is.InRange(reset - 50, reset + 50));
        Assert.That(limiter.IsBanned, Is.False);
        await cts.CancelAsync();
        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task OtherRetCode_IsARefusal_NamingRetCodeAndRetMsg_AndIsNotRetried()
    {
        var handler = new ScriptedHandler(Answer(200, """{"retCode":10001,"retMsg":"params error: symbol invalid","result":{},"retExtInfo":{},"time":1}"""));
        var (client, _) = Create(handler);
        using var __ = client;

        var e = await Assert.ThrowsAsync<BybitRestException>(() => client.GetDepthSnapshotAsync("NOPE", 500, CancellationToken.None));

        Assert.That(e, Is.InstanceOf<BinanceRestException>(), "the worker's refusal handling catches it");
        Assert.That((e!.RetCode, e.RetMsg), Is.EqualTo((10001, "params error: symbol invalid")));
        Assert.That(e.Message, Does.Contain("10001").And.Contain("params error: symbol invalid"));
        Assert.That(handler.Requests, Has.Count.EqualTo(1));
    }

    [TestCase("this is not json")]
    [TestCase("""{"retMsg":"OK"}""")]
    [TestCase("""{"retCode":0,"retMsg":"OK","result":{"category":"linear"}}""")]
    [TestCase("""{"retCode":0,"retMsg":"OK","result":{"list":[{"execId":"x","price":"1,5","size":"1","side":"Buy","time":"1","seq":"1"}]}}""")]
    [TestCase("""{"retCode":0,"retMsg":"OK","result":{"list":[{"execId":"x","price":"1.5","size":"1","side":"Buy","time":"1"}]}}""")]
    public async Task UnreadableAnswer_IsABinanceResponseException(string body)
    {
        var handler = new ScriptedHandler(Answer(200, body));
        var (client, _) = Create(handler);
        using var __ = client;

        await Assert.ThrowsAsync<BinanceResponseException>(() => client.GetRecentTradesAsync("BTCUSDT", 1000, CancellationToken.None));
        Assert.That(handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServerErrors_AreRetried()
    {
        var handler = new ScriptedHandler(Answer(502, "bad gateway"), _ => throw new HttpRequestException("connection reset"), Ok("""{"category":"linear","list":[]}"""));
        var (client, _) = Create(handler);
        using var __ = client;

        var rows = await client.GetRecentTradesAsync("BTCUSDT", 1000, CancellationToken.None);

        Assert.That(rows.Rows, Is.Empty);
        Assert.That(handler.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public void AggTrades_AreNotServed_AndSizesAreBybits()
    {
        var (client, _) = Create(new ScriptedHandler(Ok("{}")));
        using var _ = client;

        Assert.That(() => client.GetAggTradesAsync("BTCUSDT", 1, 1000, CancellationToken.None), Throws.InstanceOf<NotSupportedException>());
        Assert.That((client.PageSize, client.DepthSnapshotLimit), Is.EqualTo((1000, 500)));
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }
}
