using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Streamer.Storage.Parquet;

/// <summary>
/// Reads a Parquet file of ours back as CSV text, header first: what verify and the worker's tail reader consume,
/// so they need one code path for both formats. Decimals print at the column's scale, which is the exchange's string.
/// </summary>
public static class ParquetToCsv
{
    /// <summary>Calls <paramref name="line"/> with the header and then every row (no newline), row group by row group.</summary>
    public static async Task ReadLinesAsync(Stream parquet, Action<string> line, CancellationToken ct, bool lastRowGroupOnly = false)
    {
        ArgumentNullException.ThrowIfNull(line);
        await using var reader = await ParquetReader.CreateAsync(parquet, null, leaveStreamOpen: true, ct).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        line(Header(fields));
        var sb = new StringBuilder();
        for (var g = lastRowGroupOnly ? Math.Max(0, reader.RowGroupCount - 1) : 0; g < reader.RowGroupCount; g++)
        {
            await RowGroupAsync(reader, fields, g, sb, ct).ConfigureAwait(false);
            foreach (var row in sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                line(row);
            }

            sb.Clear();
        }
    }

    /// <summary>The CSV header of a file's columns.</summary>
    public static string Header(IReadOnlyList<DataField> fields) => string.Join(',', fields.Select(f => f.Name));

    /// <summary>Appends the rows of row group <paramref name="index"/> to <paramref name="sb"/> as CSV lines, each ending in a newline.</summary>
    public static async Task RowGroupAsync(ParquetReader reader, DataField[] fields, int index, StringBuilder sb, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(sb);
        using var group = reader.OpenRowGroupReader(index);
        var rows = checked((int)group.RowCount);
        var columns = new string?[fields.Length][];
        for (var c = 0; c < fields.Length; c++)
        {
            columns[c] = await ReadColumnAsync(group, fields[c], rows, ct).ConfigureAwait(false);
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < fields.Length; c++)
            {
                if (c > 0)
                {
                    sb.Append(',');
                }

                AppendField(sb, columns[c][r]);
            }

            sb.Append('\n');
        }
    }

    /// <summary>Number of rows in a Parquet file, from its footer.</summary>
    public static async Task<long> RowCountAsync(Stream parquet, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(parquet, null, leaveStreamOpen: true, ct).ConfigureAwait(false);
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            rows += group.RowCount;
        }

        return rows;
    }

    private static async Task<string?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
    {
        var text = new string?[rows];
        if (field is DecimalDataField dec)
        {
            var values = new decimal?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            var format = "F" + dec.Scale.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < rows; i++)
            {
                text[i] = values[i]?.ToString(format, CultureInfo.InvariantCulture);
            }
        }
        else if (field.ClrType == typeof(long))
        {
            var values = new long?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                text[i] = values[i]?.ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (field.ClrType == typeof(bool))
        {
            var values = new bool?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                text[i] = values[i] is { } b ? (b ? "true" : "false") : null;
            }
        }
        else
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            text = values;
        }

        return text;
    }

    // The writer's quoting rule (CsvRowBuilder): quote a field holding a comma, quote or line break.
    private static void AppendField(StringBuilder sb, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            sb.Append(value);
        }
    }
}
