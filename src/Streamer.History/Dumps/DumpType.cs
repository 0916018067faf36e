using Streamer.Core.Streams;

namespace Streamer.History.Dumps;

/// <summary>
/// One kind of Binance USD-M dump (data.binance.vision) and the recorded stream it fills. The dump's
/// columns are, in name and order, the leading columns of the stream (DESIGN section 3,
/// <see cref="StreamInfo.DumpColumns"/>); only the dump's full width and its place in the tree are
/// written here.
/// </summary>
internal sealed class DumpType
{
    public static readonly DumpType AggTrades = new("aggTrades", StreamCatalog.AggTrade, width: 7, "aggTrades/{0}", "{0}-aggTrades", "is_buyer_maker");

    /// <summary>1-minute klines; the dump's 12th column (<c>ignore</c>) has no recorded counterpart.</summary>
    public static readonly DumpType Klines = new("klines", StreamCatalog.Kline1m, width: 12, "klines/{0}/1m", "{0}-1m", null);

    public static readonly DumpType BookTicker = new("bookTicker", StreamCatalog.BookTicker, width: 7, "bookTicker/{0}", "{0}-bookTicker", null);

    public static IReadOnlyList<DumpType> All { get; } = [AggTrades, Klines, BookTicker];

    private readonly string _folder;
    private readonly string _stem;

    private DumpType(string name, StreamInfo stream, int width, string folder, string stem, string? booleanColumn)
    {
        Name = name;
        Stream = stream;
        Width = width;
        SharedColumns = stream.DumpColumns;
        _folder = folder;
        _stem = stem;
        var columns = stream.Columns.ToList();
        BooleanColumn = booleanColumn is null ? -1 : columns.IndexOf(booleanColumn);
        DayColumn = columns.IndexOf(stream.DayColumn);
        ClosedColumn = columns.IndexOf("is_closed");
        // The recorder's own columns after the shared ones: a dump candle is closed; times the dump
        // does not have (event_time, local_time_us) stay empty.
        Tail = string.Concat(columns.Skip(stream.DumpColumns).Select(c => c == "is_closed" ? ",true" : ","));
    }

    /// <summary>Name in the dump tree and on the command line (<c>aggTrades</c>).</summary>
    public string Name { get; }

    public StreamInfo Stream { get; }

    /// <summary>Fields per dump row.</summary>
    public int Width { get; }

    /// <summary>Leading columns the dump and the recorded file share (<see cref="StreamInfo.DumpColumns"/>).</summary>
    public int SharedColumns { get; }

    /// <summary>A <c>True</c>/<c>False</c> column of older dumps, written <c>true</c>/<c>false</c>; -1 when none.</summary>
    public int BooleanColumn { get; }

    /// <summary>The column whose UTC day picks the row's file.</summary>
    public int DayColumn { get; }

    /// <summary><c>is_closed</c> of klines (open candles do not count as present); -1 for other streams.</summary>
    public int ClosedColumn { get; }

    /// <summary>The id (or open time) that orders rows and finds duplicates: the first column.</summary>
    public static int KeyColumn => 0;

    /// <summary>What follows the shared fields of a converted row (the recorder's own columns).</summary>
    public string Tail { get; }

    /// <summary>Folder below <c>data/futures/um/{daily|monthly}/</c>.</summary>
    public string Folder(string symbol) => string.Format(System.Globalization.CultureInfo.InvariantCulture, _folder, symbol);

    /// <summary>File name before <c>-{date}.zip</c>.</summary>
    public string Stem(string symbol) => string.Format(System.Globalization.CultureInfo.InvariantCulture, _stem, symbol);

    /// <summary>Finds a type by its dump name or stream name, case-insensitively (<c>aggTrades</c>, <c>aggtrade</c>, <c>kline_1m</c>).</summary>
    public static DumpType? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.Stream.ConfigName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The dump type that fills a recorded stream, or null.</summary>
    public static DumpType? For(StreamInfo stream) => All.FirstOrDefault(t => t.Stream == stream);

    public override string ToString() => Name;
}
