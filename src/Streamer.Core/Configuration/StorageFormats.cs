namespace Streamer.Core.Configuration;

/// <summary><c>storage.format</c>: what a finished part of a day becomes.</summary>
public enum StorageFormat
{
    /// <summary>Append-only CSV files, one per symbol, stream and UTC day (the default).</summary>
    Csv,

    /// <summary>The open part is written as CSV like always, then sealed into a zstd Parquet file.</summary>
    Parquet,
}

/// <summary><c>storage.layout</c>: where sealed Parquet files go.</summary>
public enum StorageLayout
{
    /// <summary><c>{data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}[.hHH].pNNN.parquet</c>, next to the CSV files (the open parts too).</summary>
    Flat,

    /// <summary><c>{data_dir}/{stream}/symbol={SYMBOL}/date={YYYY-MM-DD}/...parquet</c>, for DuckDB, Polars, Spark and pandas; the open csv parts wait in <c>{data_dir}/.staging/{SYMBOL}/</c>.</summary>
    Hive,
}

/// <summary><c>storage.compress</c>: what a closed CSV day becomes (CSV format only).</summary>
public enum CsvCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary><c>storage.parquet_seal</c>: when an open part is sealed into Parquet.</summary>
public enum ParquetSeal
{
    /// <summary>
    /// The default. Rows go to one open part per UTC hour of their exchange time, sealed once that hour is over
    /// (plus close_grace) and at every graceful stop: <c>..._{YYYYMMDD}.h07.p001.parquet</c>. The open csv stays
    /// about an hour long, and sealed files appear (and upload) every hour rather than once a day.
    /// </summary>
    Hour,

    /// <summary>At day close and at every graceful stop: after a stop every row is in a sealed file (a part per run and day).</summary>
    Stop,

    /// <summary>Only at day close: one file per day (plus a part per batch of late rows); the open day stays CSV across restarts.</summary>
    Day,
}
