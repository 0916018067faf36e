using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Books;

/// <summary>
/// A local copy of one symbol's order book: exact decimal prices, absolute quantities, quantity 0
/// removes a level. It applies what it is given; <see cref="BookSynchronizer"/> decides what may be
/// applied (Binance's continuity rule). Not thread-safe: one owner applies and reads.
/// </summary>
public sealed class LocalOrderBook
{
    /// <summary>Bids, best (highest) first when indexed.</summary>
    public BookSide Bids { get; } = new(isBid: true);

    /// <summary>Asks, best (lowest) first when indexed.</summary>
    public BookSide Asks { get; } = new(isBid: false);

    /// <summary>Update id the book is at: the snapshot's lastUpdateId, then each applied event's <c>u</c>.</summary>
    public long LastUpdateId { get; private set; }

    /// <summary>Event time <c>E</c> of the snapshot or event applied last, ms since the epoch.</summary>
    public long LastEventTimeMs { get; private set; }

    /// <summary>Transaction time <c>T</c> of the snapshot or event applied last, ms since the epoch.</summary>
    public long LastTransactTimeMs { get; private set; }

    /// <summary>Local receive time of the snapshot or event applied last, µs since the epoch.</summary>
    public long LastLocalTimeUs { get; private set; }

    /// <summary>
    /// True when the best bid is at or above the best ask: impossible on the exchange, so the local
    /// book has missed something and must be rebuilt.
    /// </summary>
    public bool IsCrossed =>
        Bids.TryGetBest(out var bid) && Asks.TryGetBest(out var ask) && bid.Price >= ask.Price;

    /// <summary>Empties the book.</summary>
    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
        LastUpdateId = LastEventTimeMs = LastTransactTimeMs = LastLocalTimeUs = 0;
    }

    /// <summary>Replaces the whole book with <paramref name="snapshot"/>.</summary>
    public void Load(BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Clear();
        SetAll(Bids, snapshot.Bids.Span);
        SetAll(Asks, snapshot.Asks.Span);
        LastUpdateId = snapshot.LastUpdateId;
        LastEventTimeMs = snapshot.EventTimeMs;
        LastTransactTimeMs = snapshot.TransactTimeMs;
        LastLocalTimeUs = snapshot.LocalTimeUs;
    }

    /// <summary>Applies the levels of <paramref name="update"/> and moves the book to its <c>u</c>.</summary>
    public void Apply(DepthUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        SetAll(Bids, update.Bids.Span);
        SetAll(Asks, update.Asks.Span);
        LastUpdateId = update.FinalUpdateId;
        LastEventTimeMs = update.EventTimeMs;
        LastTransactTimeMs = update.TransactTimeMs;
        LastLocalTimeUs = update.LocalTimeUs;
    }

    private static void SetAll(BookSide side, ReadOnlySpan<PriceLevel> levels)
    {
        foreach (var level in levels)
        {
            side.Set(level.Price, level.Quantity);
        }
    }
}
