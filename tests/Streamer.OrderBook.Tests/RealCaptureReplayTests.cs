using System.Text.Json;
using NUnit.Framework;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Tests;

/// <summary>
/// Real Binance USD-M captures (see ../shared/fixtures/binance/SOURCES.md) replayed through the CSV
/// decoder, the synchronizer and the book: every bookTicker with the same update id must match the book.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class RealCaptureReplayTests
{
    // Checks, events dropped before sync and final best bid/ask as listed in SOURCES.md.
    [TestCase(new[] { "btcusdt_20240808.gz" }, 629, 4, "61659.70/61659.80")]
    [TestCase(new[] { "ethusdt_20240808.gz" }, 551, 5, "2681.38/2681.39")]
    [TestCase(new[] { "btcusdt_20240718.gz", "btcusdt_20240719.gz" }, 625, 5, "63867.40/63867.50")]
    [TestCase(new[] { "btcusdt_20230404.dat.gz", "btcusdt_20230405.dat.gz" }, 1565, 0, "28140.10/28140.20")]
    public void HftBacktestCapture_BookMatchesEveryBookTicker(string[] files, int expectedChecks, int droppedBeforeSync, string finalBest)
    {
        var replay = new CaptureReplay();
        foreach (var item in CaptureReplay.LoadHftBacktest(UsdmPaths(files)))
        {
            replay.Feed(item);
        }

        Assert.That(replay.Mismatches, Is.Empty);
        Assert.That(replay.Checks, Is.EqualTo(expectedChecks));
        Assert.That(replay.Sync.State, Is.EqualTo(BookSyncState.Synced));
        Assert.That(replay.Sync.Resyncs, Is.Zero);
        Assert.That(replay.Sync.DroppedEvents, Is.EqualTo(droppedBeforeSync));
        Assert.That(replay.BestPrices(), Is.EqualTo(finalBest));
        Assert.That(replay.Sync.Book.IsCrossed, Is.False);
    }

    [Test]
    public void DeletedDepthLine_ResyncsAndPublishesNothingUntilANewSnapshot()
    {
        var files = UsdmPaths(["btcusdt_20240808.gz"]);
        var reference = new CaptureReplay();
        var gapped = new CaptureReplay();
        var depthIndex = 0;
        const int deleted = 3000;
        var eventsSinceBreak = -1;
        var syncedWhileBroken = 0;
        foreach (var item in CaptureReplay.LoadHftBacktest(files))
        {
            reference.Feed(item);
            var isDepth = item.Kind == CaptureKind.Depth;
            if (isDepth && depthIndex++ == deleted)
            {
                continue; // the hole: the gapped replay never sees this event
            }

            gapped.Feed(item);
            if (eventsSinceBreak < 0 && gapped.Sync.Resyncs > 0)
            {
                eventsSinceBreak = 0;
                Assert.That(gapped.Sync.LastOutOfSync!.Value.Reason, Is.EqualTo(OutOfSyncReason.Gap));
                Assert.That(gapped.Sync.NeedsSnapshot, Is.True, "a gap asks for a new snapshot");
            }

            if (eventsSinceBreak >= 0 && isDepth && ++eventsSinceBreak <= 50)
            {
                syncedWhileBroken += gapped.Sync.State == BookSyncState.Synced ? 1 : 0;
                if (eventsSinceBreak == 50)
                {
                    // The worker answers the snapshot request: a REST snapshot of the exchange's book now.
                    gapped.Snapshot(SnapshotOf(reference.Sync.Book));
                    Assert.That(gapped.Sync.State, Is.EqualTo(BookSyncState.Synced), "the new snapshot connects");
                }
            }
        }

        Assert.That(eventsSinceBreak, Is.GreaterThanOrEqualTo(50), "the deleted line broke the chain");
        Assert.That(syncedWhileBroken, Is.Zero, "no book is trusted between the gap and the new snapshot");
        Assert.That(gapped.Sync.Resyncs, Is.EqualTo(1));
        Assert.That(gapped.Mismatches, Is.Empty);
        Assert.That(gapped.Checks, Is.LessThan(reference.Checks).And.GreaterThan(reference.Checks / 2));
        Assert.That(gapped.BestPrices(), Is.EqualTo("61659.70/61659.80"));
    }

    [Test]
    public void CryptofeedCapture_FourSymbolsSyncToTheListedBestPrices()
    {
        var dir = Path.Combine(Fixtures(), "cryptofeed");
        var messages = new List<(double Time, string Json)>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "BINANCE_FUTURES.ws.1.0")).Skip(1))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            messages.Add((double.Parse(line[..colon], System.Globalization.CultureInfo.InvariantCulture), line[(colon + 2)..]));
        }

        foreach (var line in File.ReadLines(Path.Combine(dir, "BINANCE_FUTURES.http.0.0")).Where(l => l.Length > 0))
        {
            // "<url> -> <seconds>: <json>"
            var arrow = line.IndexOf(" -> ", StringComparison.Ordinal);
            var colon = line.IndexOf(": ", arrow, StringComparison.Ordinal);
            var symbol = line[(line.IndexOf("symbol=", StringComparison.Ordinal) + 7)..line.IndexOf('&', StringComparison.Ordinal)];
            var time = double.Parse(line[(arrow + 4)..colon], System.Globalization.CultureInfo.InvariantCulture);
            messages.Add((time, "{\"symbol\":\"" + symbol + "\"," + line[(colon + 3)..]));
        }

        var books = new Dictionary<string, CaptureReplay>(StringComparer.Ordinal);
        foreach (var (_, json) in messages.OrderBy(m => m.Time))
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.TryGetProperty("lastUpdateId", out _))
            {
                Replay(books, root.GetProperty("symbol").GetString()!).Snapshot(root);
            }
            else if (root.GetProperty("stream").GetString()!.Contains("@depth", StringComparison.Ordinal))
            {
                var data = root.GetProperty("data");
                Replay(books, data.GetProperty("s").GetString()!).Depth(data);
            }
        }

        var finals = books.ToDictionary(b => b.Key, b => b.Value.BestPrices(), StringComparer.Ordinal);
        Assert.That(finals, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["SUSHIUSDT"] = "7.6120/7.6160",
            ["AKROUSDT"] = "0.01734/0.01735",
            ["KEEPUSDT"] = "0.2463/0.2467",
            ["CTKUSDT"] = "1.01100/1.01200",
        }));
        Assert.That(books.Values.Select(b => (b.Sync.State, b.Sync.Resyncs, b.Sync.Book.IsCrossed)),
            Is.All.EqualTo((BookSyncState.Synced, 0L, false)));
        Assert.That(books.ToDictionary(b => b.Key, b => b.Value.Sync.DroppedEvents, StringComparer.Ordinal), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["SUSHIUSDT"] = 3,
            ["AKROUSDT"] = 1,
            ["KEEPUSDT"] = 3,
            ["CTKUSDT"] = 5,
        }));
    }

    private static CaptureReplay Replay(Dictionary<string, CaptureReplay> books, string symbol)
    {
        if (!books.TryGetValue(symbol, out var replay))
        {
            books[symbol] = replay = new CaptureReplay();
        }

        return replay;
    }

    /// <summary>The reference book as the exchange's REST snapshot would show it now (all levels).</summary>
    private static BookSnapshot SnapshotOf(Books.LocalOrderBook book)
    {
        var snapshot = new BookSnapshot { LastUpdateId = book.LastUpdateId, EventTimeMs = book.LastEventTimeMs, TransactTimeMs = book.LastTransactTimeMs, LocalTimeUs = 1 };
        for (var i = 0; i < book.Bids.Count; i++)
        {
            snapshot.Bids.Add(book.Bids[i].Price, book.Bids[i].Quantity);
        }

        for (var i = 0; i < book.Asks.Count; i++)
        {
            snapshot.Asks.Add(book.Asks[i].Price, book.Asks[i].Quantity);
        }

        return snapshot;
    }

    private static string Fixtures()
    {
        var dir = RepoRoot.BinanceFixtures;
        if (dir is null)
        {
            Assert.Ignore($"real captures not found at {Path.Combine(RepoRoot.Path, "..", "shared", "fixtures", "binance")}; these tests need the shared fixtures");
        }

        return dir!;
    }

    private static string[] UsdmPaths(string[] files) =>
        [.. files.Select(f => Path.Combine(Fixtures(), "hftbacktest", "usdm", f))];
}
