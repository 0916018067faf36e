namespace Streamer.Core.Depth;

/// <summary>
/// Binance's rule for USD-M depth streams (DESIGN section 2), the one place it is written down.
/// With snapshot id L: drop events whose u &lt; L; the first applied event must have U &lt;= L &lt;= u;
/// after that every event's pu must equal the previous event's u. Futures update ids are not
/// consecutive (U != previous u + 1 is normal), so only pu may be used for gap detection.
/// </summary>
public static class DepthContinuity
{
    /// <summary>The event is older than the snapshot and must be dropped.</summary>
    public static bool IsBeforeSnapshot(long finalUpdateId, long snapshotLastUpdateId) =>
        finalUpdateId < snapshotLastUpdateId;

    /// <summary>The event is the first one to apply on top of the snapshot.</summary>
    public static bool StraddlesSnapshot(long firstUpdateId, long finalUpdateId, long snapshotLastUpdateId) =>
        firstUpdateId <= snapshotLastUpdateId && snapshotLastUpdateId <= finalUpdateId;

    /// <summary>The event continues the chain after an event whose final update id was <paramref name="previousFinalUpdateId"/>.</summary>
    public static bool Continues(long prevFinalUpdateId, long previousFinalUpdateId) =>
        prevFinalUpdateId == previousFinalUpdateId;
}
