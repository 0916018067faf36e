namespace Streamer.Storage.Parquet;

/// <summary>How a CSV column is stored in Parquet. Every column is nullable: dump rows and empty depth updates leave fields empty.</summary>
public enum ColumnKind
{
    /// <summary>Ids, counts and exchange times in milliseconds: INT64.</summary>
    Int64,

    /// <summary><c>local_time_us</c>: INT64 microseconds since the epoch.</summary>
    Micros,

    /// <summary>Prices, quantities, rates: DECIMAL at the scale of the exchange's strings (never a float).</summary>
    Decimal,

    /// <summary><c>is_buyer_maker</c>, <c>is_closed</c>: BOOLEAN.</summary>
    Boolean,

    /// <summary>Side, order type, event kind, free text: UTF-8 string (dictionary-encoded where values repeat).</summary>
    Text,
}
