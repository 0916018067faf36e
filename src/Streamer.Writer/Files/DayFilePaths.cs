using System.Globalization;
using Streamer.Core.Streams;
using Streamer.Writer.Durability;
using Streamer.Core.Storage;

namespace Streamer.Writer.Files;

/// <summary>
/// Pure functions from (symbol, stream, exchange time) to file paths and from a day to the moment its
/// files close, in the manner of serilog's PathRoller: no clock and no I/O, so routing is testable and
/// a late row always finds the file of its own UTC day.
/// </summary>
public static class DayFilePaths
{
    /// <summary>Streams by file prefix, longest first, so a prefix that starts another is tried after it (sorted once: rotation parses names every second).</summary>
    private static readonly StreamInfo[] LongestPrefixFirst = [.. StreamCatalog.All.OrderByDescending(s => s.FilePrefix.Length)];

    /// <summary>Suffix of a finished, compressed day file.</summary>
    public const string CompressedSuffix = ".gz";

    /// <summary>Path of a day file relative to the data directory: <c>{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv</c>, always with '/'.</summary>
    public static string RelativePath(string symbol, StreamInfo stream, DateOnly utcDay) =>
        symbol + "/" + StreamCatalog.FileName(stream, symbol, utcDay);

    /// <summary>Absolute path of a path relative to the data directory.</summary>
    public static string Absolute(string dataDir, string relativePath) =>
        Path.Combine(dataDir, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Step 2 and 3 of a commit whose checkpoint is durable: rename the temporary file to its target (a Parquet part
    /// may go to another folder, the hive layout) and delete the csv. Idempotent, so the recovery can redo it.
    /// </summary>
    internal static void PutInPlace(IWriterFileSystem fs, string dataDir, CompressionCommit commit)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var csv = Absolute(dataDir, commit.CsvRelativePath);
        var temp = Absolute(dataDir, commit.TempRelativePath);
        var target = Absolute(dataDir, commit.TargetRelativePath);
        if (fs.GetLength(temp) >= 0)
        {
            var folder = Path.GetDirectoryName(target)!;
            fs.CreateDirectory(folder);
            fs.Move(temp, target);
            fs.SyncDirectory(folder);
        }

        fs.Delete(csv);
        fs.SyncDirectory(Path.GetDirectoryName(csv)!);
    }

    /// <summary>The moment a day's files may close: the next UTC midnight plus the grace for late rows.</summary>
    public static DateTimeOffset CloseTime(DateOnly utcDay, TimeSpan closeGrace) =>
        new DateTimeOffset(utcDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + closeGrace;

    /// <summary>
    /// Reads the stream and UTC day back from a file name (<c>depth_snapshot_BTCUSDT_20250101.csv</c>).
    /// Stream prefixes may hold '_' and so may symbols, so the name is matched from both ends.
    /// </summary>
    public static bool TryParseFileName(string fileName, out StreamInfo stream, out string symbol, out DateOnly utcDay)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        stream = null!;
        symbol = "";
        utcDay = default;
        const string csv = ".csv";
        const int dayLength = 8;
        if (!fileName.EndsWith(csv, StringComparison.Ordinal) || fileName.Length < csv.Length + dayLength + 3)
        {
            return false;
        }

        var stem = fileName[..^csv.Length];
        if (stem[^(dayLength + 1)] != '_'
            || !DateOnly.TryParseExact(stem[^dayLength..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out utcDay))
        {
            return false;
        }

        var rest = stem[..^(dayLength + 1)];
        foreach (var candidate in LongestPrefixFirst)
        {
            var prefix = candidate.FilePrefix + "_";
            if (rest.Length > prefix.Length && rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                stream = candidate;
                symbol = rest[prefix.Length..];
                return true;
            }
        }

        return false;
    }
}
