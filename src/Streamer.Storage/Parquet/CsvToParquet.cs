using Streamer.Storage.Csv;

namespace Streamer.Storage.Parquet;

/// <summary>
/// Converts one of the product's CSV files (header + rows) to Parquet. Two passes over the CSV: the first finds
/// each decimal column's scale and precision (a Parquet schema is fixed before the first row), the second writes
/// row groups. Memory is one row group whatever the file size.
/// </summary>
public static class CsvToParquet
{
    /// <summary>Rows per row group: large enough for zstd and dictionaries to pay, small enough to bound memory (~40 MB for depth).</summary>
    public const int DefaultRowGroupRows = 256 * 1024;

    /// <summary>Reads the schema of a CSV file: its header and the shape of every decimal column.</summary>
    public static FileSchema ScanSchema(Func<Stream> openCsv)
    {
        ArgumentNullException.ThrowIfNull(openCsv);
        using var reader = new CsvRecordReader(openCsv());
        var header = reader.Next() is { } h ? h.ToArray() : throw new FormatException("the file has no header");
        var kinds = ParquetColumns.KindsOf(header);
        var shapes = new DecimalShape[header.Length];
        var text = new bool[header.Length];
        while (reader.Next() is { } row)
        {
            for (var i = 0; i < kinds.Length && i < row.Count; i++)
            {
                // A value that is not a plain number (never seen from the exchange) keeps the column verbatim as text.
                text[i] |= kinds[i] == ColumnKind.Decimal && !shapes[i].Add(row[i]);
            }
        }

        return FileSchema.From(header, shapes, text);
    }

    /// <summary>Writes every complete row of the CSV to <paramref name="output"/>; returns the number of rows.</summary>
    public static async Task<long> ConvertAsync(Func<Stream> openCsv, Stream output, int rowGroupRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openCsv);
        var schema = ScanSchema(openCsv);
        var batch = new ColumnBatch(schema, rowGroupRows);
        long rows = 0;
        await using var writer = await ParquetFileWriter.CreateAsync(schema, output, ct).ConfigureAwait(false);
        using var reader = new CsvRecordReader(openCsv());
        reader.Next(); // header
        while (reader.Next() is { } row)
        {
            batch.Add(row);
            rows++;
            if (batch.IsFull)
            {
                ct.ThrowIfCancellationRequested();
                await writer.WriteAsync(batch, ct).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0 || rows == 0)
        {
            await writer.WriteAsync(batch, ct).ConfigureAwait(false);
        }

        return rows;
    }
}
