using Streamer.Core.Configuration;
using Streamer.Storage.Parquet;
using Streamer.Writer.Files;

namespace Streamer.Upload.Sealing;

/// <summary>What the rule needs to know about one candidate file and its surroundings.</summary>
/// <param name="FileName">Name of the candidate.</param>
/// <param name="RelativePath">Its path under the data directory, '/' separated.</param>
/// <param name="Day">The UTC day of its rows (from the name).</param>
/// <param name="Now">Current time.</param>
/// <param name="CloseGrace"><c>storage.close_grace</c>.</param>
/// <param name="CsvIsConverted">Closed <c>.csv</c> files become something else (<c>storage.compress: gzip|zstd</c>, or
/// <c>storage.format: parquet</c>): a <c>.csv</c> is then never final (<see cref="SealedFileRule.ConvertsCsv"/>).</param>
/// <param name="Held">Files the writer's checkpoint still lists (null: unreadable, assume every csv is held).</param>
/// <param name="Siblings">Names of the other files in the same folder.</param>
public sealed record SealContext(
    string FileName, string RelativePath, DateOnly Day, DateTimeOffset Now, TimeSpan CloseGrace, bool CsvIsConverted,
    IReadOnlySet<string>? Held, IReadOnlySet<string> Siblings);

/// <summary>
/// The one definition of "sealed": a file the writer will not touch again unless late rows arrive, and then
/// only by replacing it (compressed days) or by a new file. Only sealed files are uploaded; an open day never is.
/// </summary>
/// <remarks>
/// A sealed Parquet part (<c>{stream}_{SYMBOL}_{YYYYMMDD}[.hHH].pNNN.parquet</c>, flat or hive) is sealed as soon as
/// it has its name: the writer (and <c>streamer convert</c>) only renames a complete, fsynced file into it and never
/// writes to it again; rows that come later become a part with another number. So hourly parts go up every hour.
/// Every other rule first requires the day to be over: <c>next UTC midnight + close_grace</c> has passed, the moment
/// the writer may close the day's files (<see cref="DayFilePaths.CloseTime"/>). Then, by suffix:
/// <list type="bullet">
/// <item><c>.csv.gz</c> and <c>.csv.zst</c> (<c>storage.compress: gzip|zstd</c>): the writer only ever renames a complete, fsynced temporary file into place, so the file
/// exists only whole. Not sealed while a <c>.csv</c> of the same day exists (late rows waiting to be merged: the
/// <c>.gz</c> is about to be replaced) or a <c>.csv.gz.*.tmp</c> (a merge in progress).</item>
/// <item><c>.csv</c>, only with <c>storage.compress: none</c> and <c>storage.format: csv</c> (otherwise it is about
/// to be compressed or sealed into Parquet): the
/// writer's checkpoint no longer lists it, i.e. the writer closed it (idle 30 s after the close time) and a
/// recovery will not cut it back.</item>
/// </list>
/// To add a format (e.g. Parquet parts), add a row to <see cref="Rules"/>: a suffix and its predicate.
/// </remarks>
public static class SealedFileRule
{
    /// <summary>Suffix → when a file with it is sealed (the day is already known to be over). Longest suffix first.</summary>
    public static IReadOnlyList<(string Suffix, Func<SealContext, bool> IsSealed)> Rules { get; } =
    [
        (".csv" + DayFilePaths.CompressedSuffix, c => CompressedDayIsSealed(c, DayFilePaths.CompressedSuffix)),
        (".csv.zst", c => CompressedDayIsSealed(c, ".zst")),
        (".csv", c => !c.CsvIsConverted && c.Held is not null && !c.Held.Contains(c.RelativePath)),
    ];

    /// <summary>True when closed csv files of <paramref name="storage"/> become something else (compressed, or sealed into Parquet).</summary>
    public static bool ConvertsCsv(StorageConfig storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Compress != CsvCompression.None || storage.Format == StorageFormat.Parquet;
    }

    /// <summary>
    /// True when a sealed file may be deleted locally once uploaded: its day is over. A Parquet part is uploaded
    /// before, but kept while its day may still get parts, so the writer's next part number never repeats a deleted one.
    /// </summary>
    public static bool MayDeleteLocal(SealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Now >= DayFilePaths.CloseTime(context.Day, context.CloseGrace) && IsSealed(context);
    }

    /// <summary>
    /// A compressed day (gzip or zstd: the writer treats both alike) is sealed unless its day's <c>.csv</c> exists (late
    /// rows about to be merged in) or a <c>{name}.{job}.tmp</c> (a merge in progress).
    /// </summary>
    private static bool CompressedDayIsSealed(SealContext c, string suffix) =>
        !c.Siblings.Contains(c.FileName[..^suffix.Length])
        && !c.Siblings.Any(s => s.StartsWith(c.FileName + ".", StringComparison.Ordinal) && s.EndsWith(".tmp", StringComparison.Ordinal));

    /// <summary>True when the file named in <paramref name="context"/> is sealed and may be uploaded.</summary>
    public static bool IsSealed(SealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PartNames.TryParse(context.FileName, out _, out _))
        {
            return true;
        }

        if (context.Now < DayFilePaths.CloseTime(context.Day, context.CloseGrace))
        {
            return false;
        }

        foreach (var (suffix, isSealed) in Rules)
        {
            if (context.FileName.EndsWith(suffix, StringComparison.Ordinal))
            {
                return isSealed(context);
            }
        }

        return false;
    }

    /// <summary>
    /// The name the writer's <see cref="DayFilePaths.TryParseFileName"/> understands: the name less the suffixes after
    /// <c>.csv</c>, or the csv a Parquet part was sealed from (<c>x_20260101.h07.p002.parquet</c> → <c>x_20260101.h07.csv</c>).
    /// </summary>
    public static string CsvName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (PartNames.TryParse(fileName, out var partCsv, out _))
        {
            return partCsv;
        }

        var at = fileName.LastIndexOf(".csv", StringComparison.Ordinal);
        return at < 0 ? fileName : fileName[..(at + 4)];
    }
}
