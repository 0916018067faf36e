using Streamer.Core.Configuration;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Bybit.Tests.Exchanges;

/// <summary>What the worker gets from Bybit linear: one connection that subscribes by message and pings, Bybit's rule and streams.</summary>
public sealed class BybitLinearTests
{
    private static readonly NetworkConfig Network = ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\n", "/tmp/config.yaml").Network
        .WithMarket(ExchangeIds.BybitLinear, MarketEndpoints.BybitDefaults with { WsUrl = new Uri("ws://127.0.0.1:9000/v5/public/linear") });

    [Test]
    public void OneConnection_AtTheUrlItself_SubscribesEveryTopicByMessage_AndPings_WithoutRollover()
    {
        var routes = BybitLinear.Instance.Subscriptions("BTCUSDT", [StreamCatalog.Trade, StreamCatalog.Depth, StreamCatalog.Kline1m, StreamCatalog.Ticker, StreamCatalog.ForceOrder], Network);

        var route = routes.Single();
        Assert.That(route.Url, Is.EqualTo(new Uri("ws://127.0.0.1:9000/v5/public/linear")), "topics are not in the URL");
        Assert.That(route.ConnectMessages, Is.EqualTo(new[]
        {
            """{"op":"subscribe","args":["publicTrade.BTCUSDT","orderbook.500.BTCUSDT","kline.1.BTCUSDT","tickers.BTCUSDT","allLiquidation.BTCUSDT"]}""",
        }));
        Assert.That(route.Ping!.Text, Is.EqualTo("""{"op":"ping"}"""));
        Assert.That(route.Ping.Interval, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(route.HasLifetime, Is.False, "Bybit has no 24 h limit to roll over before");
    }

    [Test]
    public void MoreThanTenTopics_AreSplitIntoSeveralSubscribeMessages()
    {
        var topics = Enumerable.Range(0, 23).Select(i => "publicTrade.S" + i).ToList();
        var messages = BybitTopics.SubscribeMessages(topics);
        Assert.That(messages, Has.Count.EqualTo(3));
        Assert.That(messages.Select(m => m.Split(',').Length), Is.EqualTo(new[] { 11, 11, 4 }), "op plus ten, ten and three topics");
    }

    [Test]
    public void StreamsAndRule_AreTheOnesCoreNamesForBybit()
    {
        Assert.That(BybitLinear.Instance.SupportedStreams, Is.EqualTo(ExchangeStreams.Of(ExchangeIds.BybitLinear)));
        Assert.That(BybitLinear.Instance.DepthRule, Is.SameAs(DepthRules.For(ExchangeIds.BybitLinear)));
        Assert.That(BybitLinear.Instance.SendsBookSnapshots, Is.True);
        var e = Assert.Throws<ArgumentException>(() => BybitLinear.Instance.Subscriptions("BTCUSDT", [StreamCatalog.AggTrade], Network));
        Assert.That(e!.Message, Does.Contain("bybit-linear has no aggtrade stream"));
    }
}
