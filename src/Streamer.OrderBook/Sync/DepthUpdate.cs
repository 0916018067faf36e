namespace Streamer.OrderBook.Sync;

/// <summary>
/// One <c>depthUpdate</c> event (fields named as Binance's <c>E, T, U, u, pu, b, a</c>; spot sends no <c>T</c> and
/// no <c>pu</c>, which are then 0). Mutable and
/// reused: decoders fill one instance per message so the hot path allocates nothing.
/// </summary>
public sealed class DepthUpdate
{
    /// <summary>Event time <c>E</c>, ms since the epoch.</summary>
    public long EventTimeMs { get; set; }

    /// <summary>Transaction time <c>T</c>, ms since the epoch (0: not sent, spot).</summary>
    public long TransactTimeMs { get; set; }

    /// <summary>First update id <c>U</c>.</summary>
    public long FirstUpdateId { get; set; }

    /// <summary>Final update id <c>u</c>.</summary>
    public long FinalUpdateId { get; set; }

    /// <summary>Final update id of the previous event, <c>pu</c> (0: not sent, spot).</summary>
    public long PrevFinalUpdateId { get; set; }

    /// <summary>Local receive time, µs since the epoch (0 when unknown).</summary>
    public long LocalTimeUs { get; set; }

    /// <summary>Changed bid levels (absolute quantities; 0 removes).</summary>
    public LevelList Bids { get; } = new();

    /// <summary>Changed ask levels (absolute quantities; 0 removes).</summary>
    public LevelList Asks { get; } = new();

    /// <summary>Resets to an empty update.</summary>
    public void Clear()
    {
        EventTimeMs = TransactTimeMs = FirstUpdateId = FinalUpdateId = PrevFinalUpdateId = LocalTimeUs = 0;
        Bids.Clear();
        Asks.Clear();
    }

    /// <summary>Makes this a copy of <paramref name="other"/>.</summary>
    public void CopyFrom(DepthUpdate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        EventTimeMs = other.EventTimeMs;
        TransactTimeMs = other.TransactTimeMs;
        FirstUpdateId = other.FirstUpdateId;
        FinalUpdateId = other.FinalUpdateId;
        PrevFinalUpdateId = other.PrevFinalUpdateId;
        LocalTimeUs = other.LocalTimeUs;
        Bids.CopyFrom(other.Bids);
        Asks.CopyFrom(other.Asks);
    }
}
