using System.Globalization;

namespace Streamer.Storage.Parquet;

/// <summary>
/// One row group's worth of parsed rows, column by column, in the types Parquet stores. Both Parquet libraries
/// write from it (the product uses one, the benchmark compares both on the same batch).
/// </summary>
public sealed class ColumnBatch
{
    private readonly long?[][] _longs;
    private readonly decimal?[][] _decimals;
    private readonly bool?[][] _bools;
    private readonly string?[][] _texts;

    public ColumnBatch(FileSchema schema, int capacity)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        Capacity = capacity;
        var n = schema.Names.Count;
        _longs = new long?[n][];
        _decimals = new decimal?[n][];
        _bools = new bool?[n][];
        _texts = new string?[n][];
        for (var i = 0; i < n; i++)
        {
            switch (schema.Kinds[i])
            {
                case ColumnKind.Int64 or ColumnKind.Micros:
                    _longs[i] = new long?[capacity];
                    break;
                case ColumnKind.Decimal:
                    _decimals[i] = new decimal?[capacity];
                    break;
                case ColumnKind.Boolean:
                    _bools[i] = new bool?[capacity];
                    break;
                default:
                    _texts[i] = new string?[capacity];
                    break;
            }
        }
    }

    public FileSchema Schema { get; }

    public int Capacity { get; }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    public ReadOnlyMemory<long?> Longs(int column) => _longs[column].AsMemory(0, Count);

    public ReadOnlyMemory<decimal?> Decimals(int column) => _decimals[column].AsMemory(0, Count);

    public ReadOnlyMemory<bool?> Bools(int column) => _bools[column].AsMemory(0, Count);

    public ArraySegment<string?> Texts(int column) => new(_texts[column], 0, Count);

    /// <summary>Adds a row; throws <see cref="FormatException"/> naming the column when a field does not parse.</summary>
    public void Add(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count != Schema.Names.Count)
        {
            throw new FormatException(FormattableString.Invariant($"a row has {fields.Count} fields, the header {Schema.Names.Count}"));
        }

        var row = Count;
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var empty = f.Length == 0;
            switch (Schema.Kinds[i])
            {
                case ColumnKind.Int64 or ColumnKind.Micros:
                    _longs[i][row] = empty ? null : long.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw Bad(i, f);
                    break;
                case ColumnKind.Decimal:
                    _decimals[i][row] = empty ? null : decimal.TryParse(f, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : throw Bad(i, f);
                    break;
                case ColumnKind.Boolean:
                    _bools[i][row] = empty ? null : f == "true" || (f != "false" ? throw Bad(i, f) : false);
                    break;
                default:
                    _texts[i][row] = empty ? null : f; // CSV cannot tell "" from no value; null is Parquet's "no value".
                    break;
            }
        }

        Count++;
    }

    public void Clear() => Count = 0;

    private FormatException Bad(int column, string value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"column {Schema.Names[column]}: '{value}' is not a {Schema.Kinds[column]}"));
}
