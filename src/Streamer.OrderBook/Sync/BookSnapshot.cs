namespace Streamer.OrderBook.Sync;

/// <summary>A REST depth snapshot (<c>GET /fapi/v1/depth</c>, <c>/dapi/v1/depth</c>, <c>/api/v3/depth</c>). Mutable and reused like <see cref="DepthUpdate"/>.</summary>
public sealed class BookSnapshot
{
    /// <summary><c>lastUpdateId</c>: the book as of this update id.</summary>
    public long LastUpdateId { get; set; }

    /// <summary>Event time <c>E</c>, ms since the epoch (0: not sent, spot).</summary>
    public long EventTimeMs { get; set; }

    /// <summary>Transaction time <c>T</c>, ms since the epoch (0: not sent, spot).</summary>
    public long TransactTimeMs { get; set; }

    /// <summary>Local receive time, µs since the epoch (0 when unknown).</summary>
    public long LocalTimeUs { get; set; }

    /// <summary>Bid levels.</summary>
    public LevelList Bids { get; } = new(1024);

    /// <summary>Ask levels.</summary>
    public LevelList Asks { get; } = new(1024);

    /// <summary>Resets to an empty snapshot.</summary>
    public void Clear()
    {
        LastUpdateId = EventTimeMs = TransactTimeMs = LocalTimeUs = 0;
        Bids.Clear();
        Asks.Clear();
    }

    /// <summary>Makes this a copy of <paramref name="other"/>.</summary>
    public void CopyFrom(BookSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        LastUpdateId = other.LastUpdateId;
        EventTimeMs = other.EventTimeMs;
        TransactTimeMs = other.TransactTimeMs;
        LocalTimeUs = other.LocalTimeUs;
        Bids.CopyFrom(other.Bids);
        Asks.CopyFrom(other.Asks);
    }
}
