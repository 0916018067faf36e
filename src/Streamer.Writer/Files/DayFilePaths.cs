using System.Globalization;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.Storage.Parquet;
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

    /// <summary>Folder of the open csv parts of the hive layout (<see cref="PartNames.StagingFolder"/>): <c>.staging/{SYMBOL}/</c>.</summary>
    public const string StagingFolder = PartNames.StagingFolder;

    private const long MsPerHour = 3_600_000;

    /// <summary>
    /// Path of a day file relative to the data directory, always with '/': <c>{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv</c>,
    /// with an hour label (<c>.h07.csv</c>) for an hourly part, under <see cref="StagingFolder"/> when <paramref name="staging"/>,
    /// and under <c>{exchange}/</c> for an exchange other than the default (<see cref="ExchangePaths"/>).
    /// </summary>
    public static string RelativePath(string symbol, StreamInfo stream, DateOnly utcDay, int hour = PartNames.WholeDay, bool staging = false,
        string exchange = ExchangeIds.Default) =>
        ExchangePaths.Prefix(exchange) + (staging ? StagingFolder + "/" : "") + symbol + "/"
        + PartNames.HourlyCsvName(StreamCatalog.FileName(stream, symbol, utcDay), hour);

    /// <summary>UTC hour (0-23) of an exchange time in milliseconds (not negative).</summary>
    public static int HourOf(long exchangeTimeMs) => (int)(exchangeTimeMs / MsPerHour % 24);

    /// <summary>
    /// The folders, relative to the data directory, that may hold day csv files: every symbol folder
    /// (<c>{SYMBOL}</c>, not starting with '.') and every symbol folder under <see cref="StagingFolder"/>, and the
    /// same one level down in the folder of every other exchange (<c>{exchange}/{SYMBOL}</c>, <c>{exchange}/.staging/{SYMBOL}</c>).
    /// </summary>
    internal static List<string> CsvFolders(IWriterFileSystem fs, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var folders = new List<string>();
        foreach (var dir in fs.EnumerateDirectories(dataDir))
        {
            var name = Path.GetFileName(dir);
            if (ExchangeIds.IsKnown(name))
            {
                // An exchange folder is never a symbol folder: ids are lower-case with a hyphen.
                folders.AddRange(SymbolFoldersIn(fs, dir, name + "/"));
            }
            else
            {
                folders.AddRange(SymbolFoldersIn(fs, dir, "", name));
            }
        }

        return folders;
    }

    private static IEnumerable<string> SymbolFoldersIn(IWriterFileSystem fs, string exchangeDir, string prefix)
    {
        foreach (var dir in fs.EnumerateDirectories(exchangeDir))
        {
            foreach (var folder in SymbolFoldersIn(fs, dir, prefix, Path.GetFileName(dir)))
            {
                yield return folder;
            }
        }
    }

    /// <summary>A symbol folder (<paramref name="name"/>, not hidden) or the symbol folders of the staging folder.</summary>
    private static IEnumerable<string> SymbolFoldersIn(IWriterFileSystem fs, string dir, string prefix, string name)
    {
        if (!name.StartsWith('.'))
        {
            return [prefix + name];
        }

        return name == StagingFolder ? fs.EnumerateDirectories(dir).Select(d => prefix + StagingFolder + "/" + Path.GetFileName(d)) : [];
    }

    /// <summary>The exchange of a path relative to the data directory: its first folder when that is an exchange id, else the default.</summary>
    public static string ExchangeOf(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && ExchangeIds.IsKnown(relativePath[..slash]) ? relativePath[..slash] : ExchangeIds.Default;
    }

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

    /// <summary>The moment an hour's file may close: the end of that UTC hour plus the grace; a whole-day file (hour &lt; 0) at the day's.</summary>
    public static DateTimeOffset CloseTime(DateOnly utcDay, int hour, TimeSpan closeGrace) => hour < 0
        ? CloseTime(utcDay, closeGrace)
        : new DateTimeOffset(utcDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + TimeSpan.FromHours(hour + 1) + closeGrace;

    /// <summary>The close time of the day file at <paramref name="relativePath"/> (its day and hour from the name); false for other names.</summary>
    public static bool TryGetCloseTime(string relativePath, TimeSpan closeGrace, out DateTimeOffset closeTime)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        closeTime = default;
        if (!TryParseFileName(Path.GetFileName(relativePath), out _, out _, out var day, out var hour))
        {
            return false;
        }

        closeTime = CloseTime(day, hour, closeGrace);
        return true;
    }

    /// <summary>
    /// Reads the stream and UTC day back from a file name (<c>depth_snapshot_BTCUSDT_20250101.csv</c>, or an hourly
    /// part's <c>depth_snapshot_BTCUSDT_20250101.h07.csv</c>). Stream prefixes may hold '_' and so may symbols, so the
    /// name is matched from both ends.
    /// </summary>
    public static bool TryParseFileName(string fileName, out StreamInfo stream, out string symbol, out DateOnly utcDay) =>
        TryParseFileName(fileName, out stream, out symbol, out utcDay, out _);

    /// <summary><see cref="TryParseFileName(string, out StreamInfo, out string, out DateOnly)"/>, with the hour label (<see cref="PartNames.WholeDay"/> when none).</summary>
    public static bool TryParseFileName(string fileName, out StreamInfo stream, out string symbol, out DateOnly utcDay, out int hour)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        fileName = PartNames.SplitHour(fileName, out hour);
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
