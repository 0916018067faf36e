namespace Streamer.Verify.Report;

/// <summary>What became of a break in the depth update id chain.</summary>
internal enum BreakOutcome
{
    /// <summary>Still being followed: the chain segment after the break has not ended yet.</summary>
    Pending,

    /// <summary>A later depth_snapshot lets the book be rebuilt: not a failure.</summary>
    Resynced,

    /// <summary>No snapshot yet, but the file is still being written (today's live file).</summary>
    AwaitingSnapshot,

    /// <summary>No snapshot restarts the chain: the order book cannot be rebuilt from here.</summary>
    Unresolved,
}

/// <summary>
/// A depthUpdate whose <c>pu</c> is not the previous update's <c>u</c> (DESIGN section 2), or, on spot (no <c>pu</c>),
/// whose <c>U</c> is not the previous <c>u</c> + 1: updates were lost.
/// </summary>
internal sealed class DepthBreak
{
    /// <summary>Final update id <c>u</c> of the update before the break.</summary>
    public required long PreviousFinal { get; init; }

    /// <summary>The breaking update's ids (<see cref="PrevFinal"/> is 0 when <see cref="NoPu"/>).</summary>
    public required long PrevFinal { get; init; }

    /// <summary>The market sends no <c>pu</c> (spot): the chain is <c>U</c> = previous <c>u</c> + 1.</summary>
    public bool NoPu { get; init; }

    /// <summary>The last lost update id: <c>pu</c>, or <c>U</c> - 1 without one. A snapshot at or above it holds everything lost.</summary>
    public long LastLost => NoPu ? First - 1 : PrevFinal;

    public required long First { get; init; }

    public required long Final { get; init; }

    public required FileLine At { get; init; }

    public BreakOutcome Outcome { get; set; } = BreakOutcome.Pending;

    /// <summary>The depth_snapshot <c>last_update_id</c> that restarted the chain, when resynced.</summary>
    public long? SnapshotId { get; set; }

    /// <summary>Another break came before a snapshot could land after this one; that break's outcome is this one's.</summary>
    public bool DecidedByLaterBreak { get; set; }
}
