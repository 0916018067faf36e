using Streamer.Core.Streams;
using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>
/// Reads the events file: counts rows by kind and collects the gap and backfill rows, which explain holes
/// in the data files (<see cref="GapCoverage"/>).
/// </summary>
internal sealed class EventsCheck(GapCoverage coverage) : IRowCheck
{
    private static readonly StreamLayout Layout = StreamLayout.For(StreamCatalog.Events);
    private static readonly int StreamColumn = Layout.Index("stream");
    private static readonly int KindColumn = Layout.Index("kind");
    private static readonly int FromColumn = Layout.Index("from_id");
    private static readonly int ToColumn = Layout.Index("to_id");
    private static readonly int DetailColumn = Layout.Index("detail");

    private DayResult? _day;

    public void Begin(DayResult day) => _day = day;

    public void Row(in RowView row)
    {
        var kind = row.Text(KindColumn);
        _day!.CountEvent(kind.Length == 0 ? "(none)" : kind);
        if (kind is "gap" or "backfill")
        {
            coverage.Add(row.Text(StreamColumn), new CoverageEntry(kind, row.OptionalInteger(FromColumn), row.OptionalInteger(ToColumn), row.TimeMs, row.Text(DetailColumn)));
        }
    }
}
