namespace Streamer.Verify.Report;

/// <summary>
/// Ids missing between two consecutive rows of an id-sequenced stream (aggtrade ids, or kline open
/// times in steps of a minute), possibly across a day boundary.
/// </summary>
internal sealed class IdGap
{
    public required long From { get; init; }

    public required long To { get; init; }

    /// <summary>How many ids are missing.</summary>
    public required long Missing { get; init; }

    /// <summary>Last row before the hole.</summary>
    public required FileLine Before { get; init; }

    /// <summary>First row after the hole.</summary>
    public required FileLine After { get; init; }

    /// <summary>Exchange times (ms) of the rows around the hole.</summary>
    public required long TimeBeforeMs { get; init; }

    public required long TimeAfterMs { get; init; }

    /// <summary>Parts of the hole that no <c>events</c> row accounts for; empty when the recorder reported all of it.</summary>
    public IReadOnlyList<(long From, long To)> Unreported { get; set; } = [];

    /// <summary>The events row(s) that account for the hole, for the user to read.</summary>
    public string? ReportedBy { get; set; }

    public bool IsReported => Unreported.Count == 0;
}
