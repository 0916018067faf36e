using Streamer.Core.Streams;

namespace Streamer.Verify.Report;

/// <summary>
/// Everything found about one symbol, stream and UTC day (one .csv, or a .csv.gz plus the .csv of rows
/// that arrived after compression). Counters are exact; the detail lists keep the first
/// <see cref="MaxDetails"/> entries so a pathological file cannot exhaust memory.
/// </summary>
internal sealed class DayResult(string symbol, StreamInfo stream, DateOnly day)
{
    /// <summary>Details kept per list; counters keep counting past it.</summary>
    public const int MaxDetails = 100;

    private readonly List<IdGap> _gaps = [];
    private readonly List<Duplicate> _duplicates = [];
    private readonly List<DepthBreak> _breaks = [];
    private readonly List<Problem> _problems = [];
    private int _errors;
    private int _warnings;

    public string Symbol { get; } = symbol;

    public StreamInfo Stream { get; } = stream;

    public DateOnly Day { get; } = day;

    /// <summary>Files read for this day, relative to the data directory.</summary>
    public List<string> Files { get; } = [];

    /// <summary>Data rows (header excluded, malformed rows included).</summary>
    public long Rows { get; set; }

    public long Bytes { get; set; }

    /// <summary>Earliest and latest exchange time (ms) of the rows (local time for events).</summary>
    public long? FirstTimeMs { get; private set; }

    public long? LastTimeMs { get; private set; }

    /// <summary>Distinct depthUpdates (depth only).</summary>
    public long Updates { get; set; }

    public long GapCount { get; private set; }

    public long ReportedGapCount { get; private set; }

    /// <summary>Ids missing in gaps that no events row accounts for.</summary>
    public long UnreportedIds { get; private set; }

    public long DuplicateCount { get; private set; }

    public long BreakCount { get; private set; }

    public long ResyncedBreaks { get; private set; }

    public long UnresolvedBreaks { get; private set; }

    public long AwaitingBreaks { get; private set; }

    public long MalformedRows { get; set; }

    /// <summary>Rows whose time belongs to another day's file.</summary>
    public long RowsOutsideDay { get; set; }

    /// <summary>Problems beyond <see cref="MaxDetails"/>, counted but not kept.</summary>
    public long ProblemsNotKept { get; private set; }

    /// <summary>Events rows by kind (events stream only).</summary>
    public SortedDictionary<string, long> EventCounts { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<IdGap> Gaps => _gaps;

    public IReadOnlyList<Duplicate> Duplicates => _duplicates;

    public IReadOnlyList<DepthBreak> Breaks => _breaks;

    public IReadOnlyList<Problem> Problems => _problems;

    public DayStatus Status =>
        _errors > 0 || GapCount > ReportedGapCount || DuplicateCount > 0 || UnresolvedBreaks > 0 || MalformedRows > 0
            ? DayStatus.Fail
            : _warnings > 0 || AwaitingBreaks > 0 || RowsOutsideDay > 0 ? DayStatus.Warning : DayStatus.Ok;

    public void Time(long ms)
    {
        if (FirstTimeMs is not { } first || ms < first)
        {
            FirstTimeMs = ms;
        }

        if (LastTimeMs is not { } last || ms > last)
        {
            LastTimeMs = ms;
        }
    }

    public void Add(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Severity == Severity.Error)
        {
            _errors++;
        }
        else if (problem.Severity == Severity.Warning)
        {
            _warnings++;
        }

        if (_problems.Count < MaxDetails)
        {
            _problems.Add(problem);
        }
        else
        {
            ProblemsNotKept++;
        }
    }

    public void Add(IdGap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        GapCount++;
        if (gap.IsReported)
        {
            ReportedGapCount++;
        }

        UnreportedIds += gap.Unreported.Sum(r => r.To - r.From + 1);
        if (_gaps.Count < MaxDetails)
        {
            _gaps.Add(gap);
        }
    }

    public void Add(Duplicate duplicate)
    {
        DuplicateCount++;
        if (_duplicates.Count < MaxDetails)
        {
            _duplicates.Add(duplicate);
        }
    }

    /// <summary>Records a break; its outcome is decided later by <see cref="Resolve"/>.</summary>
    public void Add(DepthBreak depthBreak)
    {
        BreakCount++;
        if (_breaks.Count < MaxDetails)
        {
            _breaks.Add(depthBreak);
        }
    }

    public void Resolve(DepthBreak depthBreak, BreakOutcome outcome, long? snapshotId)
    {
        ArgumentNullException.ThrowIfNull(depthBreak);
        depthBreak.Outcome = outcome;
        depthBreak.SnapshotId = snapshotId;
        switch (outcome)
        {
            case BreakOutcome.Resynced:
                ResyncedBreaks++;
                break;
            case BreakOutcome.AwaitingSnapshot:
                AwaitingBreaks++;
                break;
            case BreakOutcome.Unresolved:
                UnresolvedBreaks++;
                break;
        }
    }

    public void CountEvent(string kind) =>
        EventCounts[kind] = EventCounts.TryGetValue(kind, out var n) ? n + 1 : 1;
}
