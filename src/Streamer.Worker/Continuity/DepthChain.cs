using Streamer.Core.Depth;

namespace Streamer.Worker.Continuity;

/// <summary>What one depth event did to the chain.</summary>
internal enum DepthStep
{
    /// <summary>First event of a new segment (after start, a reconnect or a break).</summary>
    Started,
    /// <summary>pu equals the previous u.</summary>
    Continues,
    /// <summary>pu differs from the previous u: updates are missing.</summary>
    Broken,
}

/// <summary>
/// Follows the chain of the depth stream by the exchange's rule (<see cref="IDepthSequenceRule"/>; Binance futures:
/// <c>pu</c> = previous <c>u</c>, <see cref="DepthContinuity"/>) and judges whether a snapshot can seed a book from
/// the recorded diffs: the unbroken segment it belongs to must start at or before the snapshot (on futures, some
/// event of the segment has <c>U &lt;= lastUpdateId</c>).
/// Not thread-safe: one route's events arrive in order.
/// </summary>
internal sealed class DepthChain(IDepthSequenceRule rule)
{
    /// <summary>u of the last event, null at the start of a segment.</summary>
    public long? LastFinal { get; private set; }

    /// <summary>U of the first event of the current unbroken segment.</summary>
    public long? SegmentFirst { get; private set; }

    /// <summary>Starts a new segment without calling it a break (after a reconnect: the events file says why).</summary>
    public void Reset()
    {
        LastFinal = null;
        SegmentFirst = null;
    }

    /// <summary>Adds an event.</summary>
    public DepthStep Observe(long first, long final, long prev)
    {
        if (LastFinal is not { } last)
        {
            SegmentFirst = first;
            LastFinal = final;
            return DepthStep.Started;
        }

        if (rule.Continues(new DepthUpdateIds(first, final, prev), last))
        {
            LastFinal = final;
            return DepthStep.Continues;
        }

        SegmentFirst = first;
        LastFinal = final;
        return DepthStep.Broken;
    }

    /// <summary>
    /// Whether a snapshot with <paramref name="lastUpdateId"/> can seed the current segment: true or false,
    /// or null while no event of the segment has arrived yet (ask again after the next event).
    /// </summary>
    /// <remarks>
    /// An unbroken segment is, for this purpose, one diff from its first <c>U</c> on with no end yet (later diffs will
    /// reach past the snapshot), so the question is the rule's "does this diff straddle the snapshot".
    /// </remarks>
    public bool? SnapshotFits(long lastUpdateId) =>
        SegmentFirst is { } first ? rule.StraddlesSnapshot(first, long.MaxValue, lastUpdateId) : null;
}
