namespace Streamer.Core.Depth;

/// <summary>
/// How an exchange numbers its depth diffs: which diffs a REST snapshot makes obsolete, which one is the first to
/// apply on it, and when a diff follows the previous one without a hole. Markets differ exactly here (Binance
/// futures chain <c>pu</c> to the previous <c>u</c>; Binance spot has no <c>pu</c> and needs <c>U</c> = previous
/// <c>u</c> + 1), while everything around it (buffer, snapshot, resync, events rows) stays the same, so the worker
/// asks the rule instead of comparing ids itself.
/// </summary>
public interface IDepthSequenceRule
{
    /// <summary>The diff ending at <paramref name="finalUpdateId"/> is older than the snapshot and must be dropped.</summary>
    bool IsBeforeSnapshot(long finalUpdateId, long snapshotLastUpdateId);

    /// <summary>The diff <paramref name="firstUpdateId"/>..<paramref name="finalUpdateId"/> is the first one to apply on the snapshot.</summary>
    bool StraddlesSnapshot(long firstUpdateId, long finalUpdateId, long snapshotLastUpdateId);

    /// <summary>The diff <paramref name="update"/> directly follows a diff whose final update id was <paramref name="previousFinalUpdateId"/>.</summary>
    bool Continues(DepthUpdateIds update, long previousFinalUpdateId);
}

/// <summary>The ids of one depth diff.</summary>
/// <param name="First"><c>U</c>: first update id in the diff.</param>
/// <param name="Final"><c>u</c>: final update id in the diff.</param>
/// <param name="PrevFinal"><c>pu</c>: the previous diff's <c>u</c>, as the exchange sent it (0 where the exchange sends none).</param>
public readonly record struct DepthUpdateIds(long First, long Final, long PrevFinal);
