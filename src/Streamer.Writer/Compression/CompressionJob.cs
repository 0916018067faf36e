namespace Streamer.Writer.Compression;

/// <summary>
/// Gzip one closed day file into a temporary file next to it. The engine decides when to start a
/// job and whether its result is still valid (the file may have been reopened by a late row meanwhile).
/// </summary>
/// <param name="Id">Unique per writer run: a stale job is recognised by its id.</param>
/// <param name="CsvRelativePath">The day file, relative to the data directory.</param>
internal sealed record CompressionJob(long Id, string CsvRelativePath)
{
    /// <summary>The temporary output: <c>{csv}.gz.{id}.tmp</c>, unique so a stale job never touches a newer one's file.</summary>
    public string TempRelativePath { get; } = FormattableString.Invariant($"{CsvRelativePath}.gz.{Id}.tmp");

    /// <summary>Null when the temporary file is complete and fsynced; otherwise why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>Bytes of the csv read.</summary>
    public long CsvBytes { get; set; }

    /// <summary>Bytes of the temporary .gz written.</summary>
    public long GzipBytes { get; set; }
}
