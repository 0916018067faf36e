using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>
/// A stream-specific check fed with the rows of one symbol's stream, day after day in order, so that
/// continuity is checked across day boundaries too.
/// </summary>
internal interface IRowCheck
{
    /// <summary>Rows from now on belong to <paramref name="day"/> (called before every file).</summary>
    void Begin(DayResult day);

    /// <summary>One well-formed row.</summary>
    void Row(in RowView row);
}
