using Streamer.Writer.Files;

namespace Streamer.Upload.Sealing;

/// <summary>What the rule needs to know about one candidate file and its surroundings.</summary>
/// <param name="FileName">Name of the candidate.</param>
/// <param name="RelativePath">Its path under the data directory, '/' separated.</param>
/// <param name="Day">The UTC day of its rows (from the name).</param>
/// <param name="Now">Current time.</param>
/// <param name="CloseGrace"><c>storage.close_grace</c>.</param>
/// <param name="Compress"><c>storage.compress</c>.</param>
/// <param name="Held">Files the writer's checkpoint still lists (null: unreadable, assume every csv is held).</param>
/// <param name="Siblings">Names of the other files in the same folder.</param>
public sealed record SealContext(
    string FileName, string RelativePath, DateOnly Day, DateTimeOffset Now, TimeSpan CloseGrace, bool Compress,
    IReadOnlySet<string>? Held, IReadOnlySet<string> Siblings);

/// <summary>
/// The one definition of "sealed": a file the writer will not touch again unless late rows arrive, and then
/// only by replacing it (compressed days) or by a new file. Only sealed files are uploaded; an open day never is.
/// </summary>
/// <remarks>
/// Every rule first requires the day to be over: <c>next UTC midnight + close_grace</c> has passed, the moment
/// the writer may close the day's files (<see cref="DayFilePaths.CloseTime"/>). Then, by suffix:
/// <list type="bullet">
/// <item><c>.csv.gz</c> and <c>.csv.zst</c> (<c>storage.compress: gzip|zstd</c>): the writer only ever renames a complete, fsynced temporary file into place, so the file
/// exists only whole. Not sealed while a <c>.csv</c> of the same day exists (late rows waiting to be merged: the
/// <c>.gz</c> is about to be replaced) or a <c>.csv.gz.*.tmp</c> (a merge in progress).</item>
/// <item><c>.csv</c>, only with <c>storage.compress: false</c> (otherwise it is about to be compressed): the
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
        (".csv", c => !c.Compress && c.Held is not null && !c.Held.Contains(c.RelativePath)),
    ];

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

    /// <summary>The name the writer's <see cref="DayFilePaths.TryParseFileName"/> understands: the name less the suffixes after <c>.csv</c>.</summary>
    public static string CsvName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var at = fileName.LastIndexOf(".csv", StringComparison.Ordinal);
        return at < 0 ? fileName : fileName[..(at + 4)];
    }
}
