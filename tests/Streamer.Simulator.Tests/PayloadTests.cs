using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>Field names, order and JSON types of every stream, as in the real USD-M captures.</summary>
public class PayloadTests
{
    private static readonly Dictionary<string, string[]> Fields = new()
    {
        ["aggTrade"] = ["e", "E", "a", "s", "p", "q", "f", "l", "T", "m"],
        ["trade"] = ["e", "E", "T", "s", "t", "p", "q", "X", "m"],
        ["depthUpdate"] = ["e", "E", "T", "s", "U", "u", "pu", "b", "a"],
        ["kline"] = ["e", "E", "s", "k"],
        ["markPriceUpdate"] = ["e", "E", "s", "p", "i", "P", "r", "T"],
        ["forceOrder"] = ["e", "E", "o"],
        ["bookTicker"] = ["e", "u", "s", "b", "B", "a", "A", "T", "E"],
    };

    [Test]
    public async Task EveryStream_HasBinanceFieldNamesOrderAndTypes()
    {
        await using var exchange = await Sim.StartAsync(rate: 300, clockSpeed: 20);
        await using var pub = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/btcusdt@depth@100ms/btcusdt@bookTicker"));
        await using var market = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl,
            "/ws/btcusdt@aggTrade/btcusdt@trade/btcusdt@kline_1m/btcusdt@markPrice@1s/btcusdt@forceOrder"));
        await Eventually.WaitAsync(() => Fields.Keys.All(e => pub.Events(e).Count + market.Events(e).Count > 0), "one event of each type", TimeSpan.FromSeconds(20));

        foreach (var (type, names) in Fields)
        {
            var sample = pub.Events(type).Concat(market.Events(type)).First();
            Assert.That(sample.EnumerateObject().Select(p => p.Name), Is.EqualTo(names), type);
        }

        var agg = market.Events("aggTrade")[0];
        Assert.That(agg.GetProperty("p").GetString(), Does.Match(@"^\d+\.\d{2}$"), "BTCUSDT prices have 2 decimals");
        Assert.That(agg.GetProperty("q").GetString(), Does.Match(@"^\d+\.\d{3}$"), "BTCUSDT quantities have 3 decimals");
        Assert.That(agg.GetProperty("m").ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
        Assert.That(agg.GetProperty("T").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(decimal.Parse(agg.GetProperty("p").GetString()!, System.Globalization.CultureInfo.InvariantCulture) % 0.1m, Is.Zero, "on the 0.10 tick");

        var kline = market.Events("kline")[0].GetProperty("k");
        Assert.That(kline.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q", "B" }));
        var order = market.Events("forceOrder")[0].GetProperty("o");
        Assert.That(order.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "s", "S", "o", "f", "q", "p", "ap", "X", "l", "z", "T" }));
        var mark = market.Events("markPriceUpdate")[0];
        Assert.That(mark.GetProperty("E").GetInt64() % 1000, Is.Zero, "mark price every whole second");
        var depth = pub.Events("depthUpdate")[0];
        Assert.That(depth.GetProperty("b").EnumerateArray().Concat(depth.GetProperty("a").EnumerateArray()).All(l => l.GetArrayLength() == 2 && l[0].ValueKind == JsonValueKind.String));
    }

    [Test]
    public async Task EthPrices_UseEthTickAndLot()
    {
        await using var exchange = await Sim.StartAsync(rate: 400);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/ws/ethusdt@bookTicker"));
        await client.WaitForEventsAsync("bookTicker", 5);
        var ticker = client.Events("bookTicker")[0];
        Assert.That(ticker.GetProperty("b").GetString(), Does.Match(@"^\d+\.\d{2}$"));
        Assert.That(ticker.GetProperty("B").GetString(), Does.Match(@"^\d+\.\d{3}$"));
        Assert.That(ticker.GetProperty("s").GetString(), Is.EqualTo("ETHUSDT"));
    }
}
