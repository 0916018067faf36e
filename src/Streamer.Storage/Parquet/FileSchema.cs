namespace Streamer.Storage.Parquet;

/// <summary>The columns of one Parquet file: names from the CSV header, kinds, and each decimal column's shape.</summary>
public sealed class FileSchema
{
    private FileSchema(string[] names, ColumnKind[] kinds, DecimalShape[] shapes)
    {
        Names = names;
        Kinds = kinds;
        Shapes = shapes;
    }

    /// <summary>Column names, in CSV order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Kinds; a decimal column whose values do not fit decimal is stored as text.</summary>
    public IReadOnlyList<ColumnKind> Kinds { get; }

    /// <summary>Shape of each decimal column (default for other kinds).</summary>
    public IReadOnlyList<DecimalShape> Shapes { get; }

    /// <summary>The schema for rows of <paramref name="header"/> whose decimal columns were scanned into <paramref name="shapes"/>.</summary>
    /// <param name="header">Column names.</param>
    /// <param name="shapes">Scanned shape per column.</param>
    /// <param name="notNumeric">Decimal columns that held a value that is not a number: stored as text.</param>
    public static FileSchema From(IReadOnlyList<string> header, DecimalShape[] shapes, bool[] notNumeric)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(notNumeric);
        var kinds = ParquetColumns.KindsOf(header);
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == ColumnKind.Decimal && (!shapes[i].Fits || notNumeric[i]))
            {
                kinds[i] = ColumnKind.Text;
            }
        }

        return new FileSchema([.. header], kinds, shapes);
    }
}
