using Parquet;
using Parquet.Schema;

namespace Streamer.Storage.Parquet;

/// <summary>
/// Writes <see cref="ColumnBatch"/>es as row groups of one zstd-compressed Parquet file with Parquet.Net
/// (chosen over ParquetSharp by measurement: bench/RESULTS.md).
/// </summary>
public sealed class ParquetFileWriter : IAsyncDisposable
{
    private readonly ParquetWriter _writer;
    private readonly DataField[] _fields;

    private ParquetFileWriter(ParquetWriter writer, DataField[] fields)
    {
        _writer = writer;
        _fields = fields;
    }

    /// <summary>The Parquet.Net schema of <paramref name="schema"/>: decimals at their file's precision and scale.</summary>
    public static DataField[] Fields(FileSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new DataField[schema.Names.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var name = schema.Names[i];
            fields[i] = schema.Kinds[i] switch
            {
                ColumnKind.Int64 or ColumnKind.Micros => new DataField<long?>(name),
                ColumnKind.Decimal => new DecimalDataField(name, schema.Shapes[i].Precision, schema.Shapes[i].Scale, forceByteArrayEncoding: false, isNullable: true),
                ColumnKind.Boolean => new DataField<bool?>(name),
                _ => new DataField<string>(name, true),
            };
        }

        return fields;
    }

    public static async Task<ParquetFileWriter> CreateAsync(FileSchema schema, Stream output, CancellationToken ct)
    {
        var fields = Fields(schema);
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Zstd,
            CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
        };
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, options, append: false, ct).ConfigureAwait(false);
        return new ParquetFileWriter(writer, fields);
    }

    /// <summary>Writes the batch as one row group.</summary>
    public async Task WriteAsync(ColumnBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var group = _writer.CreateRowGroup();
        for (var i = 0; i < _fields.Length; i++)
        {
            var field = _fields[i];
            switch (batch.Schema.Kinds[i])
            {
                case ColumnKind.Int64 or ColumnKind.Micros:
                    await group.WriteAsync(field, batch.Longs(i), null, null, ct).ConfigureAwait(false);
                    break;
                case ColumnKind.Decimal:
                    await group.WriteAsync(field, batch.Decimals(i), null, null, ct).ConfigureAwait(false);
                    break;
                case ColumnKind.Boolean:
                    await group.WriteAsync(field, batch.Bools(i), null, null, ct).ConfigureAwait(false);
                    break;
                default:
                    await group.WriteAsync(field, batch.Texts(i)!, null).ConfigureAwait(false);
                    break;
            }
        }

        group.CompleteValidate();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
