using System.Globalization;
using Streamer.Core.Configuration;

namespace Streamer.Storage.Parquet;

/// <summary>
/// Names and folders of sealed Parquet parts (pure functions). A part is named after the CSV day file it was sealed
/// from plus its number: <c>{stream}_{SYMBOL}_{YYYYMMDD}.p001.parquet</c>. Numbers follow the order rows were
/// written, so ordinal name order is row order; a day gets a new part for every seal (day close, each graceful
/// stop, late rows after a seal), never an append to a sealed file.
/// </summary>
public static class PartNames
{
    /// <summary>Suffix of every sealed file; nothing being written ever ends in it.</summary>
    public const string Suffix = ".parquet";

    private const string CsvSuffix = ".csv";

    /// <summary>Folder of a day's parts relative to the data directory, '/' separated.</summary>
    public static string Folder(StorageLayout layout, string symbol, string streamPrefix, DateOnly day) =>
        layout == StorageLayout.Hive
            ? string.Create(CultureInfo.InvariantCulture, $"{streamPrefix}/symbol={symbol}/date={day:yyyy-MM-dd}")
            : symbol;

    /// <summary>File name of part <paramref name="part"/> of the CSV day file <paramref name="csvFileName"/>.</summary>
    public static string FileName(string csvFileName, int part)
    {
        ArgumentNullException.ThrowIfNull(csvFileName);
        return string.Create(CultureInfo.InvariantCulture, $"{csvFileName[..^CsvSuffix.Length]}.p{part:D3}{Suffix}");
    }

    /// <summary>The CSV day file name a part belongs to and its number; false for any other name.</summary>
    public static bool TryParse(string fileName, out string csvFileName, out int part)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        csvFileName = "";
        part = 0;
        if (!fileName.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var stem = fileName[..^Suffix.Length];
        var dot = stem.LastIndexOf('.');
        if (dot < 0 || stem.Length - dot < 3 || stem[dot + 1] != 'p'
            || !int.TryParse(stem.AsSpan(dot + 2), NumberStyles.None, CultureInfo.InvariantCulture, out part))
        {
            return false;
        }

        csvFileName = stem[..dot] + CsvSuffix;
        return true;
    }

    /// <summary>The next free part number of <paramref name="csvFileName"/> among <paramref name="existing"/> file names.</summary>
    public static int NextPart(string csvFileName, IEnumerable<string> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var next = 1;
        foreach (var name in existing)
        {
            if (TryParse(name, out var csv, out var part) && csv == csvFileName)
            {
                next = Math.Max(next, part + 1);
            }
        }

        return next;
    }
}
