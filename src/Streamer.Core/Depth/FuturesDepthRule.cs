namespace Streamer.Core.Depth;

/// <summary>
/// <see cref="DepthContinuity"/> (Binance futures: <c>U &lt;= L &lt;= u</c> for the first diff, then <c>pu</c> =
/// previous <c>u</c>) behind <see cref="IDepthSequenceRule"/>, for code that serves more than one market. Stateless,
/// so one instance serves every symbol.
/// </summary>
public sealed class FuturesDepthRule : IDepthSequenceRule
{
    /// <summary>The one instance.</summary>
    public static FuturesDepthRule Instance { get; } = new();

    private FuturesDepthRule()
    {
    }

    /// <inheritdoc/>
    public bool IsBeforeSnapshot(long finalUpdateId, long snapshotLastUpdateId) =>
        DepthContinuity.IsBeforeSnapshot(finalUpdateId, snapshotLastUpdateId);

    /// <inheritdoc/>
    public bool StraddlesSnapshot(long firstUpdateId, long finalUpdateId, long snapshotLastUpdateId) =>
        DepthContinuity.StraddlesSnapshot(firstUpdateId, finalUpdateId, snapshotLastUpdateId);

    /// <inheritdoc/>
    public bool Continues(DepthUpdateIds update, long previousFinalUpdateId) =>
        DepthContinuity.Continues(update.PrevFinal, previousFinalUpdateId);
}
