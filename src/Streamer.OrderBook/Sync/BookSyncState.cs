namespace Streamer.OrderBook.Sync;

/// <summary>Whether a local book may be trusted.</summary>
public enum BookSyncState
{
    /// <summary>Waiting for a snapshot or for the event that connects to it; the book must not be published.</summary>
    Syncing,
    /// <summary>The book equals the exchange's as of <see cref="Books.LocalOrderBook.LastUpdateId"/>.</summary>
    Synced,
}
