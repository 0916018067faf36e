using Streamer.Verify.Reading;
using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>A well-formed data row as the stream checks see it: fields, parsed integers and place in the file.</summary>
internal readonly ref struct RowView
{
    private readonly ReadOnlySpan<byte> _line;
    private readonly ReadOnlySpan<Range> _fields;
    private readonly ReadOnlySpan<long> _integers;

    public RowView(ReadOnlySpan<byte> line, ReadOnlySpan<Range> fields, ReadOnlySpan<long> integers, FileLine at, long timeMs)
    {
        _line = line;
        _fields = fields;
        _integers = integers;
        At = at;
        TimeMs = timeMs;
    }

    /// <summary>Where the row is.</summary>
    public FileLine At { get; }

    /// <summary>The time that picks the row's day file, in milliseconds.</summary>
    public long TimeMs { get; }

    /// <summary>Raw bytes of a field (quotes kept).</summary>
    public ReadOnlySpan<byte> Field(int column) => _line[_fields[column]];

    /// <summary>A column the layout declares as an integer (already validated).</summary>
    public long Integer(int column) => _integers[column];

    /// <summary>An optional integer column: null when empty.</summary>
    public long? OptionalInteger(int column) => Field(column).IsEmpty ? null : _integers[column];

    /// <summary>A text field with quoting undone (allocates: for small files only).</summary>
    public string Text(int column) => CsvFields.Text(Field(column));
}
