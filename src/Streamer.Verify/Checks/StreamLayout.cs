using Streamer.Core.Streams;

namespace Streamer.Verify.Checks;

/// <summary>
/// What a row of a stream must look like, derived from StreamCatalog's column names so it cannot drift
/// from what the writer writes: columns named <c>*_id</c>, <c>*_time</c> and <c>*_us</c> are integers, and the
/// time that picks the day file is the stream's <see cref="StreamInfo.DayColumn"/>. The recorder's own
/// time columns after a stream's <see cref="StreamInfo.DumpColumns"/> may be empty: rows taken from
/// Binance's historical dumps (<c>streamer history</c>) have no receive time.
/// </summary>
internal sealed class StreamLayout
{
    private StreamLayout(StreamInfo stream, IReadOnlyList<string> columns)
    {
        Stream = stream;
        Columns = columns;
        var timeName = stream.DayColumn;
        TimeColumn = Index(timeName);
        TimeInMicroseconds = timeName.EndsWith("_us", StringComparison.Ordinal);
        var integers = new List<int>();
        var optional = new List<int>();
        for (var i = 0; i < columns.Count; i++)
        {
            var name = columns[i];
            if (!name.EndsWith("_id", StringComparison.Ordinal) && !name.EndsWith("_time", StringComparison.Ordinal) && !name.EndsWith("_us", StringComparison.Ordinal))
            {
                continue;
            }

            // Events name a range of ids only when there is one (a disconnect has none).
            var isOptional = (stream.Type == StreamType.Events && name.EndsWith("_id", StringComparison.Ordinal))
                || (stream.DumpColumns > 0 && i >= stream.DumpColumns);
            (isOptional ? optional : integers).Add(i);
        }

        IntegerColumns = [.. integers];
        OptionalIntegerColumns = [.. optional];
        QuoteAware = stream.Type == StreamType.Events;
    }

    public StreamInfo Stream { get; }

    public IReadOnlyList<string> Columns { get; }

    public int TimeColumn { get; }

    public bool TimeInMicroseconds { get; }

    /// <summary>Columns that must hold an integer.</summary>
    public int[] IntegerColumns { get; }

    /// <summary>Columns that hold an integer or nothing.</summary>
    public int[] OptionalIntegerColumns { get; }

    /// <summary>Free-text fields may be quoted and hold commas or newlines (only events).</summary>
    public bool QuoteAware { get; }

    /// <summary>The layout of a stream with a fixed header.</summary>
    public static StreamLayout For(StreamInfo stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamLayout(stream, stream.Columns);
    }

    /// <summary>
    /// The layout a header announces, when it is a valid header of the stream: the orderbook file's
    /// width depends on the configured depth, so its header is checked against the catalog's pattern.
    /// </summary>
    public static StreamLayout? FromHeader(StreamInfo stream, string header)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        if (stream.Type != StreamType.OrderBook)
        {
            return header == stream.Header ? For(stream) : null;
        }

        var columns = header.Split(',');
        var levels = (columns.Length - stream.Columns.Count) / 4;
        return levels >= 0 && header == StreamCatalog.OrderBookHeader(levels) ? new StreamLayout(stream, columns) : null;
    }

    public int Index(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }

        throw new ArgumentException($"{Stream.ConfigName} has no column {column}", nameof(column));
    }
}
