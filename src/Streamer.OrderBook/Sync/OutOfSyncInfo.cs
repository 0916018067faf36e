namespace Streamer.OrderBook.Sync;

/// <summary>Why a synced book was abandoned.</summary>
public enum OutOfSyncReason
{
    /// <summary>An event's <c>pu</c> differed from the previous event's <c>u</c>: updates were missed (futures).</summary>
    Gap,
    /// <summary>An event's <c>U</c> was not the previous event's <c>u</c> + 1: updates were missed (spot, which sends no <c>pu</c>).</summary>
    UpdateIdGap,
    /// <summary>After applying an event the best bid was at or above the best ask.</summary>
    CrossedBook,
}

/// <summary>The last loss of sync, for the events file and the log.</summary>
/// <param name="Reason">What was detected.</param>
/// <param name="FromId">Gap and UpdateIdGap: the last applied <c>u</c>. Crossed: the event's <c>U</c>.</param>
/// <param name="ToId">Gap: the offending event's <c>pu</c>. UpdateIdGap: the offending event's <c>U</c>. Crossed: the event's <c>u</c>.</param>
/// <param name="EventTimeMs">Event time of the offending event.</param>
public readonly record struct OutOfSyncInfo(OutOfSyncReason Reason, long FromId, long ToId, long EventTimeMs)
{
    /// <summary>One sentence for the events file's detail column and the log.</summary>
    public string Describe() => Reason switch
    {
        OutOfSyncReason.Gap => FormattableString.Invariant($"depth gap: pu {ToId} != previous u {FromId}; rebuilding from a new snapshot"),
        OutOfSyncReason.UpdateIdGap => FormattableString.Invariant($"depth gap: U {ToId} != previous u {FromId} + 1; rebuilding from a new snapshot"),
        _ => FormattableString.Invariant($"crossed book after update {FromId}..{ToId}; rebuilding from a new snapshot"),
    };
}
