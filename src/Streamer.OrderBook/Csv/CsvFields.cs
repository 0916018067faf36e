using System.Buffers.Text;

namespace Streamer.OrderBook.Csv;

/// <summary>
/// Walks the comma-separated fields of one UTF-8 CSV row without allocating. The rows come from our own
/// workers and hold only numbers and enum words, so there is no quoting to undo.
/// </summary>
internal ref struct CsvFields
{
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    public CsvFields(ReadOnlySpan<byte> row) => _rest = row;

    /// <summary>True when every field has been read.</summary>
    public readonly bool AtEnd => _done;

    /// <summary>The next field; false when the row has no more.</summary>
    public bool TryNext(out ReadOnlySpan<byte> field)
    {
        if (_done)
        {
            field = default;
            return false;
        }

        var comma = _rest.IndexOf((byte)',');
        if (comma < 0)
        {
            field = _rest;
            _rest = default;
            _done = true;
        }
        else
        {
            field = _rest[..comma];
            _rest = _rest[(comma + 1)..];
        }

        return true;
    }

    /// <summary>The next field as a whole integer.</summary>
    public bool TryNextLong(out long value)
    {
        value = 0;
        return TryNext(out var field) && Utf8Parser.TryParse(field, out value, out var used) && used == field.Length && field.Length > 0;
    }

    /// <summary>
    /// The next field as a whole integer, or 0 when the field is empty: a column the exchange does not send
    /// (spot depth's <c>transact_time</c> and <c>prev_final_update_id</c>, a spot snapshot's times) is written empty.
    /// </summary>
    public bool TryNextOptionalLong(out long value)
    {
        value = 0;
        return TryNext(out var field) && (field.IsEmpty || (Utf8Parser.TryParse(field, out value, out var used) && used == field.Length));
    }

    /// <summary>The next field as an exact decimal (scale kept as written).</summary>
    public bool TryNextDecimal(out decimal value)
    {
        value = 0;
        return TryNext(out var field) && ParseDecimal(field, out value);
    }

    /// <summary>Parses a whole field as a decimal; false for anything but a plain number.</summary>
    public static bool ParseDecimal(ReadOnlySpan<byte> field, out decimal value)
    {
        value = 0;
        return field.Length > 0 && Utf8Parser.TryParse(field, out value, out var used) && used == field.Length;
    }

    /// <summary>Splits the next row (ending in '\n') off the front of <paramref name="rows"/>.</summary>
    public static bool TryTakeRow(ref ReadOnlySpan<byte> rows, out ReadOnlySpan<byte> row)
    {
        var nl = rows.IndexOf((byte)'\n');
        if (nl < 0)
        {
            row = default;
            return false;
        }

        row = rows[..nl];
        rows = rows[(nl + 1)..];
        if (row.Length > 0 && row[^1] == (byte)'\r')
        {
            row = row[..^1];
        }

        return true;
    }
}
