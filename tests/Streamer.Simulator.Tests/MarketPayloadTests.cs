using System.Globalization;
using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>COIN-M and spot payloads: Binance's field names, order, presence and absence, decimals.</summary>
public class MarketPayloadTests
{
    [Test]
    public async Task CoinM_EveryStream_HasDstreamFields()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300, clockSpeed: 20));
        string[] streams =
        [
            "btcusd_perp@aggTrade", "btcusd_perp@depth@100ms", "btcusd_perp@bookTicker", "btcusd_perp@kline_1m",
            "btcusd_perp@markPrice@1s", "btcusd_perp@forceOrder", "btcusd_perp@depth", "btcusd_perp@depth@500ms", "btcusd_perp@markPrice",
        ];
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.CoinMWsUrl, "/stream?streams=" + string.Join('/', streams)));
        await Eventually.WaitAsync(() => streams.All(s => client.Data(s).Count > 0), "one event on every COIN-M stream", TimeSpan.FromSeconds(30));

        var agg = client.Data("btcusd_perp@aggTrade")[0];
        Assert.That(agg.Names(), Is.EqualTo(new[] { "e", "E", "a", "s", "p", "q", "f", "l", "T", "m" }));
        Assert.That(agg.GetProperty("s").GetString(), Is.EqualTo("BTCUSD_PERP"));
        Assert.That(agg.GetProperty("q").GetString(), Does.Match(@"^[1-9]\d*$"), "whole contracts");
        Assert.That(agg.GetProperty("p").GetString(), Does.Match(@"^\d+\.\d$"), "tick 0.1");

        foreach (var speed in new[] { "@depth@100ms", "@depth", "@depth@500ms" })
        {
            var depth = client.Data("btcusd_perp" + speed)[0];
            Assert.That(depth.Names(), Is.EqualTo(new[] { "e", "E", "T", "s", "ps", "U", "u", "pu", "b", "a" }), speed);
            Assert.That(depth.GetProperty("ps").GetString(), Is.EqualTo("BTCUSD"));
        }

        var ticker = client.Data("btcusd_perp@bookTicker")[0];
        Assert.That(ticker.Names(), Is.EqualTo(new[] { "e", "u", "s", "ps", "b", "B", "a", "A", "T", "E" }));
        Assert.That(ticker.GetProperty("B").GetString(), Does.Match(@"^\d+$"));

        var mark = client.Data("btcusd_perp@markPrice@1s")[0];
        Assert.That(mark.Names(), Is.EqualTo(new[] { "e", "E", "s", "p", "P", "r", "T" }), "no index price on COIN-M");
        Assert.That(mark.GetProperty("r").GetString(), Does.Match(@"^-?\d\.\d{8}$"));
        Assert.That(client.Data("btcusd_perp@markPrice").All(m => m.GetProperty("E").GetInt64() / 1000 % 3 == 0), Is.True, "@markPrice every 3 s");

        var force = client.Data("btcusd_perp@forceOrder")[0];
        Assert.That(force.Names(), Is.EqualTo(new[] { "e", "E", "o" }));
        Assert.That(force.GetProperty("o").Names(), Is.EqualTo(new[] { "s", "ps", "S", "o", "f", "q", "p", "ap", "X", "l", "z", "T" }));
        Assert.That(force.GetProperty("o").GetProperty("q").GetString(), Is.EqualTo(force.GetProperty("o").GetProperty("z").GetString()));

        var kline = client.Data("btcusd_perp@kline_1m")[0];
        Assert.That(kline.Names(), Is.EqualTo(new[] { "e", "E", "s", "ps", "k" }));
        var k = kline.GetProperty("k");
        Assert.That(k.Names(), Is.EqualTo(new[] { "t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q", "B" }));
        Assert.That(k.GetProperty("v").GetString(), Does.Match(@"^\d+$"), "volume in contracts");
        // q is the base-asset volume: contracts × 100 USD / price, about v × 100 / close.
        var contracts = decimal.Parse(k.GetProperty("v").GetString()!, CultureInfo.InvariantCulture);
        var coins = decimal.Parse(k.GetProperty("q").GetString()!, CultureInfo.InvariantCulture);
        var close = decimal.Parse(k.GetProperty("c").GetString()!, CultureInfo.InvariantCulture);
        Assert.That(k.GetProperty("q").GetString(), Does.Match(@"^\d+\.\d{8}$"));
        Assert.That((double)coins, Is.EqualTo((double)(contracts * 100 / close)).Within(2).Percent);
    }

    [Test]
    public async Task Spot_EveryStream_HasSpotFields_With8Decimals()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300, clockSpeed: 20));
        string[] streams =
        [
            "btcusdt@aggTrade", "btcusdt@trade", "btcusdt@depth", "btcusdt@depth@100ms", "btcusdt@bookTicker", "btcusdt@kline_1m",
        ];
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/stream?streams=" + string.Join('/', streams)));
        await Eventually.WaitAsync(() => streams.All(s => client.Data(s).Count > 0), "one event on every spot stream", TimeSpan.FromSeconds(30));

        var agg = client.Data("btcusdt@aggTrade")[0];
        Assert.That(agg.Names(), Is.EqualTo(new[] { "e", "E", "s", "a", "p", "q", "f", "l", "T", "m", "M" }));
        Assert.That(agg.GetProperty("p").GetString(), Does.Match(@"^\d+\.\d{8}$"));
        Assert.That(agg.GetProperty("q").GetString(), Does.Match(@"^\d+\.\d{8}$"));
        Assert.That(decimal.Parse(agg.GetProperty("p").GetString()!, CultureInfo.InvariantCulture) % 0.01m, Is.Zero, "on the 0.01 tick");
        Assert.That(decimal.Parse(agg.GetProperty("q").GetString()!, CultureInfo.InvariantCulture) % 0.00001m, Is.Zero, "on the 0.00001 lot");

        var trade = client.Data("btcusdt@trade")[0];
        Assert.That(trade.Names(), Is.EqualTo(new[] { "e", "E", "s", "t", "p", "q", "T", "m", "M" }));

        foreach (var stream in new[] { "btcusdt@depth", "btcusdt@depth@100ms" })
        {
            var depth = client.Data(stream)[0];
            Assert.That(depth.Names(), Is.EqualTo(new[] { "e", "E", "s", "U", "u", "b", "a" }), $"{stream}: no T, no pu");
            Assert.That(depth.GetProperty("b").EnumerateArray().Concat(depth.GetProperty("a").EnumerateArray())
                .All(l => l[0].GetString()!.Split('.')[1].Length == 8 && l[1].GetString()!.Split('.')[1].Length == 8), Is.True);
        }

        var ticker = client.Data("btcusdt@bookTicker")[0];
        Assert.That(ticker.Names(), Is.EqualTo(new[] { "u", "s", "b", "B", "a", "A" }), "no e, E or T on spot");

        var kline = client.Data("btcusdt@kline_1m")[0];
        Assert.That(kline.Names(), Is.EqualTo(new[] { "e", "E", "s", "k" }));
        var k = kline.GetProperty("k");
        Assert.That(k.Names(), Is.EqualTo(new[] { "t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q", "B" }));
        Assert.That(k.GetProperty("q").GetString(), Does.Match(@"^\d+\.\d{8}$"));
        Assert.That(k.GetProperty("v").GetString(), Does.Match(@"^\d+\.\d{8}$"));
    }

    [Test]
    public async Task Spot_DepthSpeeds_AreOneSecondAndAHundredMilliseconds()
    {
        await using var exchange = await Sim.StartAsync(Combined.AllMarkets(rate: 300, clockSpeed: 1));
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.SpotWsUrl, "/stream?streams=btcusdt@depth/btcusdt@depth@100ms"));
        await Eventually.WaitAsync(() => client.Data("btcusdt@depth").Count >= 3, "three 1 s depth events");
        foreach (var (stream, period) in new[] { ("btcusdt@depth", 1000L), ("btcusdt@depth@100ms", 100L) })
        {
            var times = client.Data(stream).Select(d => d.GetProperty("E").GetInt64()).ToList();
            Assert.That(times.All(t => t % period == 0), Is.True, $"{stream} flushes on {period} ms boundaries");
        }
    }
}
