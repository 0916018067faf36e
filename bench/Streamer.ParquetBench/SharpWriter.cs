using ParquetSharp;
using Streamer.Storage.Parquet;

namespace Streamer.ParquetBench;

/// <summary>The same batches written with ParquetSharp (Arrow C++), for the side-by-side measurement.</summary>
internal static class SharpWriter
{
    public static void Write(IReadOnlyList<ColumnBatch> batches, string path)
    {
        var schema = batches[0].Schema;
        var columns = new Column[schema.Names.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = schema.Kinds[i] switch
            {
                ColumnKind.Int64 or ColumnKind.Micros => new Column<long?>(schema.Names[i]),
                ColumnKind.Decimal => new Column<decimal?>(schema.Names[i], LogicalType.Decimal(schema.Shapes[i].Precision, schema.Shapes[i].Scale)),
                ColumnKind.Boolean => new Column<bool?>(schema.Names[i]),
                _ => new Column<string>(schema.Names[i]),
            };
        }

        using var props = new WriterPropertiesBuilder().Compression(Compression.Zstd).Build();
        using var file = new ParquetSharp.ParquetFileWriter(path, columns, props);
        foreach (var batch in batches)
        {
            using var group = file.AppendRowGroup();
            for (var i = 0; i < columns.Length; i++)
            {
                switch (schema.Kinds[i])
                {
                    case ColumnKind.Int64 or ColumnKind.Micros:
                        using (var w = group.NextColumn().LogicalWriter<long?>()) { w.WriteBatch(batch.Longs(i).Span); }
                        break;
                    case ColumnKind.Decimal:
                        using (var w = group.NextColumn().LogicalWriter<decimal?>()) { w.WriteBatch(batch.Decimals(i).Span); }
                        break;
                    case ColumnKind.Boolean:
                        using (var w = group.NextColumn().LogicalWriter<bool?>()) { w.WriteBatch(batch.Bools(i).Span); }
                        break;
                    default:
                        using (var w = group.NextColumn().LogicalWriter<string?>()) { w.WriteBatch(batch.Texts(i).AsSpan()); }
                        break;
                }
            }
        }

        file.Close();
    }
}
