using NUnit.Framework;
using Streamer.OrderBook.Sync;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

public class BookSynchronizerTests
{
    private static BookSnapshot Snap(long id) => Snapshot(id, [("100", "1"), ("99", "2")], [("101", "1"), ("102", "2")]);

    [Test]
    public void EventsBeforeTheSnapshot_AreBuffered_ThenStaleOnesDropped_AndTheStraddlingOneApplied()
    {
        var sync = new BookSynchronizer();
        Assert.That(sync.OnDepth(Update(1, 5, 0, bids: [("98", "1")])), Is.EqualTo(SyncOutcome.Buffered));
        Assert.That(sync.OnDepth(Update(6, 10, 5, bids: [("97", "1")])), Is.EqualTo(SyncOutcome.Buffered));
        Assert.That(sync.OnDepth(Update(11, 20, 10, bids: [("100", "7")])), Is.EqualTo(SyncOutcome.Buffered));
        Assert.That(sync.State, Is.EqualTo(BookSyncState.Syncing));
        Assert.That(sync.NeedsSnapshot, Is.True);

        Assert.That(sync.OnSnapshot(Snap(15)), Is.EqualTo(SyncOutcome.Synced));

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Synced));
        Assert.That(sync.DroppedEvents, Is.EqualTo(2), "u=5 and u=10 are older than lastUpdateId 15");
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(20));
        Assert.That(sync.Book.Bids.QuantityAt(100m), Is.EqualTo(7m));
        Assert.That(sync.Book.Bids.QuantityAt(98m), Is.Zero, "a dropped event's level is not applied");
    }

    [Test]
    public void SnapshotFirst_WaitsForTheStraddlingEvent()
    {
        var sync = new BookSynchronizer();
        Assert.That(sync.OnSnapshot(Snap(15)), Is.EqualTo(SyncOutcome.AwaitingEvent));
        Assert.That(sync.NeedsSnapshot, Is.False);
        Assert.That(sync.OnDepth(Update(10, 14, 9)), Is.EqualTo(SyncOutcome.Dropped));
        Assert.That(sync.State, Is.EqualTo(BookSyncState.Syncing));
        Assert.That(sync.OnDepth(Update(15, 15, 14)), Is.EqualTo(SyncOutcome.Synced), "U <= L <= u with U == u");
        Assert.That(sync.OnDepth(Update(18, 30, 15)), Is.EqualTo(SyncOutcome.Applied));
    }

    [Test]
    public void SnapshotOlderThanTheEvents_IsRejected_AndANewOneIsNeeded()
    {
        var sync = new BookSynchronizer();
        sync.OnDepth(Update(20, 25, 18));
        Assert.That(sync.OnSnapshot(Snap(15)), Is.EqualTo(SyncOutcome.SnapshotRejected));
        Assert.That(sync.NeedsSnapshot, Is.True);
        Assert.That(sync.SnapshotsRejected, Is.EqualTo(1));
        Assert.That(sync.Resyncs, Is.Zero, "never synced, so nothing was lost");

        Assert.That(sync.OnSnapshot(Snap(22)), Is.EqualTo(SyncOutcome.Synced), "the buffered event is still there");
    }

    [Test]
    public void PuBreak_LosesSync_CountsAResync_AndAsksForASnapshot()
    {
        var sync = new BookSynchronizer();
        sync.OnSnapshot(Snap(15));
        sync.OnDepth(Update(14, 20, 12));

        Assert.That(sync.OnDepth(Update(25, 30, 22)), Is.EqualTo(SyncOutcome.OutOfSync));

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Syncing));
        Assert.That(sync.NeedsSnapshot, Is.True);
        Assert.That(sync.Resyncs, Is.EqualTo(1));
        Assert.That(sync.LastOutOfSync, Is.EqualTo(new OutOfSyncInfo(OutOfSyncReason.Gap, 20, 22, 1_700_000_000_000)));
        Assert.That(sync.Book.Bids.Count, Is.Zero, "the broken book is thrown away");
        Assert.That(sync.OnDepth(Update(31, 35, 30)), Is.EqualTo(SyncOutcome.Buffered));

        Assert.That(sync.OnSnapshot(Snap(28)), Is.EqualTo(SyncOutcome.Synced), "the event that broke the chain straddles the new snapshot");
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(35));
    }

    [Test]
    public void CrossedBook_LosesSync()
    {
        var sync = new BookSynchronizer();
        sync.OnSnapshot(Snap(15));
        sync.OnDepth(Update(14, 20, 12));

        Assert.That(sync.OnDepth(Update(21, 22, 20, bids: [("101.5", "1")])), Is.EqualTo(SyncOutcome.OutOfSync));

        Assert.That(sync.Resyncs, Is.EqualTo(1));
        Assert.That(sync.LastOutOfSync!.Value.Reason, Is.EqualTo(OutOfSyncReason.CrossedBook));
        Assert.That(sync.LastOutOfSync!.Value.Describe(), Does.Contain("crossed"));
        Assert.That(sync.NeedsSnapshot, Is.True);
    }

    [Test]
    public void SnapshotReceivedWhileSynced_RepairsTheNextBreak_WithoutAskingAgain()
    {
        var sync = new BookSynchronizer();
        sync.OnSnapshot(Snap(15));
        sync.OnDepth(Update(14, 20, 12));
        Assert.That(sync.OnSnapshot(Snapshot(42, [("100", "3")], [("101", "3")])), Is.EqualTo(SyncOutcome.SnapshotKept));

        // The worker reconnected: its new stream does not continue the old chain but straddles the kept snapshot.
        Assert.That(sync.OnDepth(Update(40, 45, 39)), Is.EqualTo(SyncOutcome.OutOfSync));

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Synced));
        Assert.That(sync.Resyncs, Is.EqualTo(1));
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(45));
        Assert.That(sync.Book.Bids.QuantityAt(100m), Is.EqualTo(3m));
    }

    [Test]
    public void FullBuffer_DropsTheOldestEvents()
    {
        var sync = new BookSynchronizer(maxBufferedEvents: 3);
        for (var i = 0; i < 5; i++)
        {
            sync.OnDepth(Update((i * 10) + 1, (i * 10) + 10, i * 10));
        }

        Assert.That(sync.BufferedEvents, Is.EqualTo(3));
        Assert.That(sync.DroppedEvents, Is.EqualTo(2));
        Assert.That(sync.OnSnapshot(Snap(15)), Is.EqualTo(SyncOutcome.SnapshotRejected), "the event straddling 15 was dropped");
        Assert.That(sync.OnSnapshot(Snap(25)), Is.EqualTo(SyncOutcome.Synced));
        Assert.That(sync.Book.LastUpdateId, Is.EqualTo(50));
    }

    [Test]
    public void Reset_ForgetsTheBook_WithoutCountingAResync()
    {
        var sync = new BookSynchronizer();
        sync.OnSnapshot(Snap(15));
        sync.OnDepth(Update(14, 20, 12));
        sync.Reset();

        Assert.That(sync.State, Is.EqualTo(BookSyncState.Syncing));
        Assert.That(sync.NeedsSnapshot, Is.True);
        Assert.That(sync.Resyncs, Is.Zero);
    }
}
