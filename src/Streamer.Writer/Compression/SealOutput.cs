namespace Streamer.Writer.Compression;

/// <summary>What a closed CSV part becomes: <c>storage.compress</c> for CSV, <c>storage.format: parquet</c>.</summary>
internal enum SealOutput
{
    Gzip,
    Zstd,
    Parquet,
}
