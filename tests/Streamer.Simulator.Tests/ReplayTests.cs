using System.Globalization;
using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class ReplayTests
{
    private const string Capture = "/work/shared/fixtures/binance/hftbacktest/usdm/btcusdt_20240808.gz";

    [Test]
    public async Task ReplayedCapture_RebuildsTheBook_AndMatchesEveryBookTickerWithTheSameU()
    {
        if (!File.Exists(Capture))
        {
            Assert.Ignore($"fixture {Capture} is not on this machine; the replay test needs the hftbacktest USD-M capture");
        }

        var options = new SimulatorOptions { Port = 0, ReplayFile = Capture, ReplaySpeed = 0 };
        await using var exchange = await SimulatedExchange.StartAsync(options, CancellationToken.None);
        using var http = RestApi.Client(exchange);

        // Wrong route for depth: acknowledged, silent, and it does not start the replay.
        await using var wrong = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@depth@0ms"));
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, "/stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker"));
        // Served only once the replay has passed the snapshot line (after six depth events).
        var snapshot = await http.GetJsonAsync("/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
        Assert.That(snapshot.GetProperty("lastUpdateId").GetInt64(), Is.EqualTo(5123107852948));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await exchange.ReplayCompletion.WaitAsync(TimeSpan.FromSeconds(30));
        await client.WaitForCountAsync(6551 + 66089, "every depth and bookTicker message", TimeSpan.FromSeconds(30));
        TestContext.Out.WriteLine($"replay delivered in {clock.ElapsedMilliseconds} ms");
        Assert.That(wrong.Count, Is.Zero);

        var messages = client.Messages.Select(m => JsonDocument.Parse(m).RootElement).ToList();
        var tickers = messages.Where(m => m.GetProperty("stream").GetString() == "btcusdt@bookTicker")
            .Select(m => m.GetProperty("data")).ToLookup(d => d.GetProperty("u").GetInt64());
        var book = new LocalBook();
        book.Seed(snapshot);
        var checks = 0;
        foreach (var data in messages.Where(m => m.GetProperty("stream").GetString() == "btcusdt@depth@0ms").Select(m => m.GetProperty("data")))
        {
            Assert.That(book.Apply(data), Is.True, "pu chain");
            if (!book.Synced)
            {
                continue;
            }

            Assert.That(book.Crossed, Is.False);
            foreach (var ticker in tickers[data.GetProperty("u").GetInt64()])
            {
                checks++;
                Assert.That(book.BestBid.Price, Is.EqualTo(Dec(ticker, "b")));
                Assert.That(Dec(book.BestBid.Quantity), Is.EqualTo(Dec(ticker, "B")));
                Assert.That(book.BestAsk.Price, Is.EqualTo(Dec(ticker, "a")));
                Assert.That(Dec(book.BestAsk.Quantity), Is.EqualTo(Dec(ticker, "A")));
            }
        }

        Assert.That(book.Dropped, Is.EqualTo(4), "the events before the snapshot were delivered, and dropped by the rule");
        Assert.That(checks, Is.EqualTo(629));
        Assert.That(book.BestBid.Price, Is.EqualTo(61659.70m));
        Assert.That(book.BestAsk.Price, Is.EqualTo(61659.80m));
        Assert.That(exchange.GetStats().ReplayCompleted, Is.True);
        TestContext.Out.WriteLine($"checked in {clock.ElapsedMilliseconds} ms");
    }

    private static decimal Dec(JsonElement e, string name) => Dec(e.GetProperty(name).GetString()!);

    private static decimal Dec(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
}
