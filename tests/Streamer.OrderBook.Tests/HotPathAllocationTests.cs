using NUnit.Framework;
using Streamer.Core.Csv;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Sync;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

public class HotPathAllocationTests
{
    [Test]
    public void DecodingAndApplyingUpdates_AllocatesNothing_OnceSynced()
    {
        var sync = new BookSynchronizer();
        var bids = Enumerable.Range(0, 2000).Select(i => ((10_000 - i).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0", "1.000")).ToArray();
        var asks = Enumerable.Range(0, 2000).Select(i => ((10_001 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0", "1.000")).ToArray();
        sync.OnSnapshot(Snapshot(100, bids, asks));
        sync.OnDepth(Update(99, 101, 98));

        // Rows that change, remove and re-add levels: the book keeps its size, so its arrays never grow.
        var frames = new List<byte[]>();
        var rows = new CsvRowBuilder();
        for (var i = 0; i < 200; i++)
        {
            var u = 102 + (i * 2);
            var q = (i % 2 == 0) ? "0" : "2.5";
            rows.Clear();
            DepthCsvEncoder.WriteUpdate(rows, Update(u, u + 1, u - 1, bids: [("9990.0", q), ("10000.0", "3.1")], asks: [("10010.0", q), ("10001.0", "0.7")]));
            frames.Add(rows.WrittenSpan.ToArray());
        }

        var update = new DepthUpdate();
        void Run(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                DepthCsvDecoder.TryDecodeUpdate(frames[i], update, out _);
                sync.OnDepth(update);
            }
        }

        Run(0, 20); // warm-up: first calls may initialise statics
        var next = 20;
        var allocated = Allocations.Least(() =>
        {
            Run(next, next + 60);
            next += 60;
        });
        Run(next, 200);

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Synced));
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(102 + (199 * 2) + 1));
        Assert.That(allocated, Is.Zero);
    }
}
