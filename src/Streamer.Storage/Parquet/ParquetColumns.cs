using Streamer.Core.Streams;

namespace Streamer.Storage.Parquet;

/// <summary>
/// The Parquet type of every CSV column (see <c>SCHEMAS.md</c>). Column names and order are those of the CSV header
/// in <see cref="StreamCatalog"/>; this class only adds types, by one rule table, so the orderbook's per-level
/// columns and any new stream get a type without a second column list to keep in step.
/// </summary>
public static class ParquetColumns
{
    private static readonly HashSet<string> TextColumns = new(StringComparer.Ordinal)
    {
        "side", "order_type", "time_in_force", "order_status", "stream", "kind", "detail",

        // Bybit's trade ids are UUIDs.
        "trade_id",
    };

    /// <summary>The kind of <paramref name="column"/>.</summary>
    public static ColumnKind KindOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column == "local_time_us")
        {
            return ColumnKind.Micros;
        }

        if (TextColumns.Contains(column))
        {
            return ColumnKind.Text;
        }

        if (column.StartsWith("is_", StringComparison.Ordinal))
        {
            return ColumnKind.Boolean;
        }

        // Times are ms (Binance's), ids are sequence numbers, count is a trade count.
        if (column.EndsWith("_time", StringComparison.Ordinal) || column.EndsWith("_id", StringComparison.Ordinal) || column is "count" or "seq" or "cross_seq")
        {
            return ColumnKind.Int64;
        }

        return ColumnKind.Decimal;
    }

    /// <summary>Kinds of every column of a header line, in order.</summary>
    public static ColumnKind[] KindsOf(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var kinds = new ColumnKind[header.Count];
        for (var i = 0; i < kinds.Length; i++)
        {
            kinds[i] = KindOf(header[i]);
        }

        return kinds;
    }
}
