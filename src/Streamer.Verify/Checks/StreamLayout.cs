using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Verify.Checks;

/// <summary>
/// What a row of a stream must look like, derived from StreamCatalog's column names so it cannot drift
/// from what the writer writes: columns named <c>*_id</c>, <c>*_time</c> and <c>*_us</c> are integers, and the
/// time that picks the day file is the stream's <see cref="StreamInfo.DayColumn"/>. The recorder's own
/// time columns after a stream's <see cref="StreamInfo.DumpColumns"/> may be empty: rows taken from
/// Binance's historical dumps (<c>streamer history</c>) have no receive time. Columns are the same on every market,
/// but a market may not send some fields, which are then written empty (<see cref="UnsentColumns"/>): spot depth has no
/// <c>transact_time</c> nor <c>prev_final_update_id</c>, a spot snapshot no <c>event_time</c> nor <c>transact_time</c>,
/// a spot bookticker no <c>transaction_time</c> nor <c>event_time</c>; Bybit depth has no <c>prev_final_update_id</c>. A row whose day column is empty was placed by
/// its <c>local_time_us</c> (<see cref="FallbackTimeColumn"/>).
/// </summary>
internal sealed class StreamLayout
{
    private const string LocalTime = "local_time_us";

    private StreamLayout(StreamInfo stream, IReadOnlyList<string> columns, string exchange)
    {
        Stream = stream;
        Columns = columns;
        Exchange = exchange;
        var timeName = stream.DayColumn;
        TimeColumn = Index(timeName);
        TimeInMicroseconds = timeName.EndsWith("_us", StringComparison.Ordinal);
        var unsent = UnsentColumns(exchange, stream.Type);
        var integers = new List<int>();
        var optional = new List<int>();
        for (var i = 0; i < columns.Count; i++)
        {
            var name = columns[i];
            if (!name.EndsWith("_id", StringComparison.Ordinal) && !name.EndsWith("_time", StringComparison.Ordinal) && !name.EndsWith("_us", StringComparison.Ordinal))
            {
                continue;
            }

            // The trade stream's id is the exchange's own string (a UUID on Bybit); its seq orders the rows.
            if (stream.Type == StreamType.Trade && name == "trade_id")
            {
                continue;
            }

            // Events name a range of ids only when there is one (a disconnect has none).
            var isOptional = (stream.Type == StreamType.Events && name.EndsWith("_id", StringComparison.Ordinal))
                || (stream.DumpColumns > 0 && i >= stream.DumpColumns)
                || unsent.Contains(name, StringComparer.Ordinal);
            (isOptional ? optional : integers).Add(i);
        }

        IntegerColumns = [.. integers];
        OptionalIntegerColumns = [.. optional];
        QuoteAware = stream.Type == StreamType.Events;
        FallbackTimeColumn = optional.Contains(TimeColumn) && timeName != LocalTime && columns.Contains(LocalTime) ? Index(LocalTime) : -1;
    }

    /// <summary>
    /// The integer columns <paramref name="exchange"/> leaves empty in <paramref name="stream"/>'s rows because it
    /// does not send them; none on the futures markets.
    /// </summary>
    public static IReadOnlyList<string> UnsentColumns(string exchange, StreamType stream) => exchange switch
    {
        ExchangeIds.BinanceSpot => stream switch
        {
            StreamType.Depth => ["transact_time", "prev_final_update_id"],
            StreamType.DepthSnapshot => ["event_time", "transact_time"],
            StreamType.BookTicker => ["transaction_time", "event_time"],
            _ => [],
        },

        // Bybit's book messages have no previous id; a ticker field never sent yet is empty.
        ExchangeIds.BybitLinear => stream switch
        {
            StreamType.Depth => ["prev_final_update_id"],
            StreamType.Ticker => ["next_funding_time"],
            _ => [],
        },
        _ => [],
    };

    /// <summary>The market whose files this layout reads.</summary>
    public string Exchange { get; }

    /// <summary>
    /// The column (<c>local_time_us</c>, microseconds) that placed a row whose <see cref="TimeColumn"/> is empty
    /// (the market does not send it); -1 when the day column is always present.
    /// </summary>
    public int FallbackTimeColumn { get; }

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

    /// <summary>The layout of a stream with a fixed header, as the default exchange writes it.</summary>
    public static StreamLayout For(StreamInfo stream) => For(stream, ExchangeIds.Default);

    /// <summary>The layout of a stream with a fixed header, as <paramref name="exchange"/>'s recorder writes it.</summary>
    public static StreamLayout For(StreamInfo stream, string exchange)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        return new StreamLayout(stream, stream.Columns, exchange);
    }

    /// <summary>
    /// The layout a header announces, when it is a valid header of the stream: the orderbook file's
    /// width depends on the configured depth, so its header is checked against the catalog's pattern.
    /// </summary>
    public static StreamLayout? FromHeader(StreamInfo stream, string header, string exchange)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        if (stream.Type != StreamType.OrderBook)
        {
            return header == stream.Header ? For(stream, exchange) : null;
        }

        var columns = header.Split(',');
        var levels = (columns.Length - stream.Columns.Count) / 4;
        return levels >= 0 && header == StreamCatalog.OrderBookHeader(levels) ? new StreamLayout(stream, columns, exchange) : null;
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
