namespace Streamer.Writer.Compression;

/// <summary>
/// Turn one closed CSV file into its finished form (gzip, zstd or a Parquet part) in a temporary file next to it.
/// The engine decides when to start a job, whether its result is still valid (the file may have been reopened by
/// a late row meanwhile) and where the result goes.
/// </summary>
/// <param name="Id">Unique per writer run: a stale job is recognised by its id.</param>
/// <param name="CsvRelativePath">The CSV file, relative to the data directory.</param>
/// <param name="Output">What it becomes.</param>
internal sealed record CompressionJob(long Id, string CsvRelativePath, SealOutput Output = SealOutput.Gzip)
{
    /// <summary>
    /// The temporary output: <c>{csv}.{gz|zst|parquet}.{id}.tmp</c>, unique so a stale job never touches a newer one's
    /// file, and never ending in <c>.parquet</c> or <c>.gz</c>, so no reader takes it for a finished file.
    /// </summary>
    public string TempRelativePath { get; } = FormattableString.Invariant($"{CsvRelativePath}{TempInfix(Output)}{Id}.tmp");

    /// <summary>Null when the temporary file is complete and fsynced; otherwise why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>Bytes of the csv read.</summary>
    public long CsvBytes { get; set; }

    /// <summary>Bytes of the temporary file written.</summary>
    public long GzipBytes { get; set; }

    /// <summary>Rows sealed (Parquet only).</summary>
    public long Rows { get; set; }

    /// <summary>The part of a temporary file's name between the csv name and the job id.</summary>
    public static string TempInfix(SealOutput output) => output switch
    {
        SealOutput.Zstd => ".zst.",
        SealOutput.Parquet => ".parquet.",
        _ => ".gz.",
    };
}
