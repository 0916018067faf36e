namespace Streamer.Core.Depth;

/// <summary>
/// Binance spot's depth rule (its "How to manage a local order book correctly"): spot diffs carry no <c>pu</c>;
/// update ids are consecutive instead. With snapshot id L: drop diffs whose u &lt;= L; the first applied diff has
/// U &lt;= L + 1 &lt;= u; after that every diff's U is the previous diff's u + 1.
/// </summary>
public sealed class SpotDepthRule : IDepthSequenceRule
{
    /// <summary>The one instance (stateless).</summary>
    public static SpotDepthRule Instance { get; } = new();

    private SpotDepthRule()
    {
    }

    /// <inheritdoc/>
    public bool IsBeforeSnapshot(long finalUpdateId, long snapshotLastUpdateId) => finalUpdateId <= snapshotLastUpdateId;

    /// <inheritdoc/>
    public bool StraddlesSnapshot(long firstUpdateId, long finalUpdateId, long snapshotLastUpdateId) =>
        firstUpdateId <= snapshotLastUpdateId + 1 && snapshotLastUpdateId + 1 <= finalUpdateId;

    /// <inheritdoc/>
    public bool Continues(DepthUpdateIds update, long previousFinalUpdateId) => update.First == previousFinalUpdateId + 1;
}
