using System.Globalization;
using Streamer.Core.Csv;

namespace Streamer.OrderBook.Csv;

/// <summary>Writes decimals as CSV fields exactly as they were parsed (scale kept: <c>0.010</c>, not <c>0.01</c>).</summary>
public static class DecimalText
{
    /// <summary>Appends <paramref name="value"/> as a field of the current row.</summary>
    public static CsvRowBuilder Decimal(this CsvRowBuilder row, decimal value)
    {
        ArgumentNullException.ThrowIfNull(row);
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var n, default, CultureInfo.InvariantCulture);
        return row.Raw(text[..n]);
    }
}
