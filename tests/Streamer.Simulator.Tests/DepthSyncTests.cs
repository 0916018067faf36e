using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class DepthSyncTests
{
    [TestCase("btcusdt@depth@0ms")]
    [TestCase("btcusdt@depth@100ms")]
    [TestCase("btcusdt@depth")]
    [TestCase("btcusdt@depth@500ms")]
    public async Task SnapshotAndDiffStream_SyncByBinanceRule_AndTheBookNeverCrosses(string stream)
    {
        await using var exchange = await Sim.StartAsync(rate: 300, clockSpeed: 5);
        using var http = RestApi.Client(exchange);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, $"/stream?streams={stream}/btcusdt@bookTicker"));
        await Eventually.WaitAsync(() => Updates(client, stream).Count >= 3, "buffered depth events before the snapshot");

        var snapshot = await http.GetJsonAsync("/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
        Assert.That(snapshot.GetProperty("bids").GetArrayLength(), Is.EqualTo(1000));
        Assert.That(snapshot.GetProperty("asks").GetArrayLength(), Is.EqualTo(1000));
        Assert.That(snapshot.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "lastUpdateId", "E", "T", "bids", "asks" }));
        var lastUpdateId = snapshot.GetProperty("lastUpdateId").GetInt64();
        await Eventually.WaitAsync(() => Updates(client, stream).Count(u => u.GetProperty("u").GetInt64() > lastUpdateId) >= 15, "15 events after the snapshot");
        if (stream.EndsWith("@0ms", StringComparison.Ordinal))
        {
            // The two streams interleave: wait until enough depth updates have their bookTicker too.
            await Eventually.WaitAsync(() => CheckablePairs(client, stream, lastUpdateId) > 5, "bookTickers of 6 depth updates after the snapshot");
        }

        var book = new LocalBook();
        book.Seed(snapshot);
        var tickers = client.Events("bookTicker").GroupBy(t => t.GetProperty("u").GetInt64()).ToDictionary(g => g.Key, g => g.Last());
        var checks = 0;
        var contiguous = 0;
        long? previousU = null;
        foreach (var update in Updates(client, stream))
        {
            Assert.That(book.Apply(update), Is.True, $"pu chain of {stream} at U={update.GetProperty("U")}");
            Assert.That(book.Crossed, Is.False, "book crossed");
            var u = update.GetProperty("u").GetInt64();
            if (previousU is { } p && update.GetProperty("U").GetInt64() == p + 1)
            {
                contiguous++;
            }

            previousU = u;
            if (book.Synced && stream.EndsWith("@0ms", StringComparison.Ordinal) && tickers.TryGetValue(u, out var ticker))
            {
                checks++;
                Assert.That(book.BestBid.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Trim(ticker.GetProperty("b").GetString()!)));
                Assert.That(book.BestBid.Quantity, Is.EqualTo(ticker.GetProperty("B").GetString()));
                Assert.That(book.BestAsk.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Trim(ticker.GetProperty("a").GetString()!)));
                Assert.That(book.BestAsk.Quantity, Is.EqualTo(ticker.GetProperty("A").GetString()));
            }
        }

        Assert.That(book.Synced, Is.True);
        Assert.That(book.Applied, Is.GreaterThanOrEqualTo(15));
        Assert.That(contiguous, Is.LessThan(Updates(client, stream).Count / 2), "update ids must not simply count up: only pu chains");
        if (stream.EndsWith("@0ms", StringComparison.Ordinal))
        {
            Assert.That(checks, Is.GreaterThan(5), "bookTicker cross-checks");
        }
    }

    private static int CheckablePairs(TestClient client, string stream, long after)
    {
        var tickers = client.Events("bookTicker").Select(t => t.GetProperty("u").GetInt64()).ToHashSet();
        return Updates(client, stream).Select(u => u.GetProperty("u").GetInt64()).Count(u => u > after && tickers.Contains(u));
    }

    private static List<JsonElement> Updates(TestClient client, string stream) => client.Messages
        .Select(m => TestClient.Parse(m)!.Value)
        .Where(m => m.GetProperty("stream").GetString() == stream)
        .Select(m => m.GetProperty("data"))
        .ToList();

    // decimal.ToString drops nothing, but "61800.20" parses to 61800.20 and prints "61800.20"; keep both sides as decimals.
    private static string Trim(string price) => decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
