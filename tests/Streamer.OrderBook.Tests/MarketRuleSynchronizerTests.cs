using NUnit.Framework;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.OrderBook.Sync;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

/// <summary>The synchronizer with each market's depth rule: spot chains U = previous u + 1 (no pu), COIN-M keeps the futures pu chain.</summary>
public class MarketRuleSynchronizerTests
{
    private static BookSnapshot Snap(long id) => Snapshot(id, [("100", "1"), ("99", "2")], [("101", "1"), ("102", "2")], eventTime: 0);

    /// <summary>A spot diff: no pu (0, as decoded from an empty column).</summary>
    private static DepthUpdate Spot(long first, long final, (string P, string Q)[]? bids = null, long eventTime = 1_700_000_000_000) =>
        Update(first, final, 0, bids: bids, eventTime: eventTime);

    [Test]
    public void Spot_SyncsOnASnapshotAndConsecutiveDiffs()
    {
        var sync = new BookSynchronizer(DepthRules.For(ExchangeIds.BinanceSpot));
        Assert.That(sync.OnDepth(Spot(11, 15, bids: [("98", "1")])), Is.EqualTo(SyncOutcome.Buffered));
        Assert.That(sync.OnDepth(Spot(16, 20, bids: [("100", "7")])), Is.EqualTo(SyncOutcome.Buffered));
        Assert.That(sync.OnDepth(Spot(21, 21, bids: [("97", "4")], eventTime: 1_700_000_000_500)), Is.EqualTo(SyncOutcome.Buffered));

        // Spot drops u <= L: the diff ending exactly at L=15 is already in the snapshot (futures would apply it).
        Assert.That(sync.OnSnapshot(Snap(15)), Is.EqualTo(SyncOutcome.Synced));

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Synced));
        Assert.That(sync.DroppedEvents, Is.EqualTo(1), "11..15 is not newer than lastUpdateId 15");
        Assert.That(sync.AppliedEvents, Is.EqualTo(2), "16..20 straddles L+1 = 16, then 21 = 20 + 1");
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(21));
        Assert.That(sync.Book.Bids.QuantityAt(98m), Is.Zero);
        Assert.That(sync.Book.Bids.QuantityAt(100m), Is.EqualTo(7m));
        Assert.That(sync.Book.Bids.QuantityAt(97m), Is.EqualTo(4m));
        Assert.That(sync.Book.LastEventTimeMs, Is.EqualTo(1_700_000_000_500), "a synced spot book's event time is its last diff's E, never the snapshot's missing one");
        Assert.That(sync.OnDepth(Spot(22, 30)), Is.EqualTo(SyncOutcome.Applied));
    }

    [Test]
    public void Spot_FirstDiffMayStartAtLPlusOne_ButNotBeyond()
    {
        var synced = new BookSynchronizer(DepthRules.For(ExchangeIds.BinanceSpot));
        synced.OnSnapshot(Snap(15));
        Assert.That(synced.OnDepth(Spot(16, 18)), Is.EqualTo(SyncOutcome.Synced), "U = L + 1 straddles for spot (futures needs U <= L)");

        var rejected = new BookSynchronizer(DepthRules.For(ExchangeIds.BinanceSpot));
        rejected.OnSnapshot(Snap(15));
        Assert.That(rejected.OnDepth(Spot(17, 18)), Is.EqualTo(SyncOutcome.SnapshotRejected), "update 16 is missing");
        Assert.That(rejected.NeedsSnapshot, Is.True);
    }

    [Test]
    public void Spot_Gap_LosesSync_AndAsksForASnapshot()
    {
        var sync = new BookSynchronizer(DepthRules.For(ExchangeIds.BinanceSpot));
        sync.OnSnapshot(Snap(15));
        Assert.That(sync.OnDepth(Spot(16, 20)), Is.EqualTo(SyncOutcome.Synced));
        Assert.That(sync.OnDepth(Spot(21, 25)), Is.EqualTo(SyncOutcome.Applied));

        Assert.That(sync.OnDepth(Spot(27, 30, eventTime: 1_700_000_000_900)), Is.EqualTo(SyncOutcome.OutOfSync), "U 27 > previous u 25 + 1");

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Syncing));
        Assert.That(sync.NeedsSnapshot, Is.True, "a resync is requested");
        Assert.That(sync.Resyncs, Is.EqualTo(1));
        Assert.That(sync.LastOutOfSync, Is.EqualTo(new OutOfSyncInfo(OutOfSyncReason.UpdateIdGap, 25, 27, 1_700_000_000_900)));
        Assert.That(sync.LastOutOfSync!.Value.Describe(), Is.EqualTo("depth gap: U 27 != previous u 25 + 1; rebuilding from a new snapshot"));

        Assert.That(sync.OnSnapshot(Snap(26)), Is.EqualTo(SyncOutcome.Synced), "the breaking diff 27..30 straddles L + 1 = 27");
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(30));
    }

    [Test]
    public void Spot_SnapshotKeptWhileSynced_RepairsAGapAtLPlusOne()
    {
        var sync = new BookSynchronizer(DepthRules.For(ExchangeIds.BinanceSpot));
        sync.OnSnapshot(Snap(15));
        sync.OnDepth(Spot(16, 20));
        Assert.That(sync.OnSnapshot(Snap(39)), Is.EqualTo(SyncOutcome.SnapshotKept));

        Assert.That(sync.OnDepth(Spot(40, 45)), Is.EqualTo(SyncOutcome.OutOfSync));

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Synced), "the kept snapshot 39 connects to 40..45 by the spot rule");
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(45));
    }

    [Test]
    public void CoinM_KeepsTheFuturesRule()
    {
        Assert.That(DepthRules.For(ExchangeIds.BinanceCoinM), Is.SameAs(FuturesDepthRule.Instance));
        var sync = new BookSynchronizer(DepthRules.For(ExchangeIds.BinanceCoinM));
        sync.OnSnapshot(Snap(15));
        Assert.That(sync.OnDepth(Update(15, 20, 12)), Is.EqualTo(SyncOutcome.Synced), "U <= L <= u");
        Assert.That(sync.OnDepth(Update(40, 45, 20)), Is.EqualTo(SyncOutcome.Applied), "futures ids jump; only pu = previous u counts");

        Assert.That(sync.OnDepth(Update(46, 50, 44)), Is.EqualTo(SyncOutcome.OutOfSync), "U = previous u + 1 does not save a pu break");
        Assert.That(sync.LastOutOfSync, Is.EqualTo(new OutOfSyncInfo(OutOfSyncReason.Gap, 45, 44, 1_700_000_000_000)));
        Assert.That(sync.LastOutOfSync!.Value.Describe(), Is.EqualTo("depth gap: pu 44 != previous u 45; rebuilding from a new snapshot"));
    }

    [Test]
    public void Futures_AppliesTheDiffEndingAtL_WhereSpotDropsIt()
    {
        var futures = new BookSynchronizer();
        futures.OnSnapshot(Snap(15));
        Assert.That(futures.OnDepth(Update(10, 15, 9)), Is.EqualTo(SyncOutcome.Synced));

        var spot = new BookSynchronizer(DepthRules.For(ExchangeIds.BinanceSpot));
        spot.OnSnapshot(Snap(15));
        Assert.That(spot.OnDepth(Spot(10, 15)), Is.EqualTo(SyncOutcome.Dropped));
    }
}
