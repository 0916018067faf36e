namespace Streamer.OrderBook.Sync;

/// <summary>What a <see cref="BookSynchronizer"/> did with one event or snapshot.</summary>
public enum SyncOutcome
{
    /// <summary>No snapshot yet: the event was kept for when one arrives.</summary>
    Buffered,
    /// <summary>The event is older than the snapshot (<c>u &lt; lastUpdateId</c>) and was dropped.</summary>
    Dropped,
    /// <summary>The event continued the chain and was applied.</summary>
    Applied,
    /// <summary>The book became synced during this call.</summary>
    Synced,
    /// <summary>The snapshot was loaded; no event straddling its lastUpdateId has arrived yet.</summary>
    AwaitingEvent,
    /// <summary>The snapshot does not connect to the events (it is older than they are); a newer one is needed.</summary>
    SnapshotRejected,
    /// <summary>The synced book lost sync (depth id chain break or crossed book): a resync was counted and a new snapshot is needed.</summary>
    OutOfSync,
    /// <summary>A snapshot arrived while synced; it was kept to recover quickly from the next break.</summary>
    SnapshotKept,
}
