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

    [Test]
    public async Task Replay_KeepsTheOriginalPace_StartsOnFirstSubscription_AndWaitsForTheSnapshotLine()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "tiny.dat.gz");
        // 16-digit (µs) timestamps like the 2023 files; the snapshot comes 300 ms in, after one depth event.
        string[] lines =
        [
            """1680652700000000 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":5,"u":9,"pu":3,"b":[["10.0","1"]],"a":[]}}""",
            """1680652700100000 {"stream":"btcusdt@trade","data":{"e":"trade","E":2,"T":2,"s":"BTCUSDT","t":1,"p":"10.0","q":"1","X":"MARKET","m":false}}""",
            """1680652700300000 {"lastUpdateId": 9, "E": 3, "T": 3, "bids": [["10.0", "1"]], "asks": [["11.0", "2"]]}""",
            """1680652700400000 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":4,"T":4,"s":"BTCUSDT","U":12,"u":15,"pu":9,"b":[],"a":[["11.0","0"]]}}""",
        ];
        await using (var gzip = new System.IO.Compression.GZipStream(File.Create(file), System.IO.Compression.CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip))
        {
            await writer.WriteAsync(string.Join("\n", lines) + "\n");
        }

        await using var exchange = await SimulatedExchange.StartAsync(new SimulatorOptions { Port = 0, ReplayFile = file, ReplaySpeed = 1 }, CancellationToken.None);
        using var http = RestApi.Client(exchange);
        Assert.That(exchange.GetStats().ReplayLines, Is.Zero, "nothing is replayed before a subscription");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var market = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@trade"));
        var snapshot = await http.GetJsonAsync("/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(250)), "the snapshot line is 300 ms into the capture");
        Assert.That(snapshot.GetProperty("lastUpdateId").GetInt64(), Is.EqualTo(9));
        await exchange.ReplayCompletion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(350)));
        await market.WaitForCountAsync(1, "the trade, raw");
        Assert.That(market.Messages[0], Does.StartWith("{\"e\":\"trade\""));
        Assert.That(exchange.GetStats().ReplayLines, Is.EqualTo(4));
    }

    private static decimal Dec(JsonElement e, string name) => Dec(e.GetProperty(name).GetString()!);

    private static decimal Dec(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
}
