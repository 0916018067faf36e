using Streamer.Core.Streams;
using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>
/// Reads depth_snapshot rows: collects each snapshot's <c>last_update_id</c> (all levels of a snapshot share
/// it) and checks the side column.
/// </summary>
internal sealed class SnapshotCheck(SnapshotIds ids) : IRowCheck
{
    private static readonly StreamLayout Layout = StreamLayout.For(StreamCatalog.DepthSnapshot);
    private static readonly int IdColumn = Layout.Index("last_update_id");
    private static readonly int SideColumn = Layout.Index("side");

    private DayResult? _day;
    private long? _last;

    public void Begin(DayResult day) => _day = day;

    public void Row(in RowView row)
    {
        var id = row.Integer(IdColumn);
        if (id != _last)
        {
            ids.Add(id);
            _last = id;
        }

        var side = row.Field(SideColumn);
        if (!side.SequenceEqual("bid"u8) && !side.SequenceEqual("ask"u8))
        {
            _day!.MalformedRows++;
            _day.Add(new Problem(Severity.Error, "malformed", "side is neither bid nor ask", row.At));
        }
    }
}
