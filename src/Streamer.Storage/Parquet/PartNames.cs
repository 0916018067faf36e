using System.Globalization;
using Streamer.Core.Configuration;
using Streamer.Core.Exchanges;

namespace Streamer.Storage.Parquet;

/// <summary>
/// Names and folders of sealed Parquet parts (pure functions). One scheme: a part is named after the CSV file it was
/// sealed from plus its number, <c>{csv stem}.pNNN.parquet</c>. A whole-day csv
/// (<c>{stream}_{SYMBOL}_{YYYYMMDD}.csv</c>, <c>parquet_seal: stop|day</c>) gives
/// <c>{stream}_{SYMBOL}_{YYYYMMDD}.p001.parquet</c>; an hourly csv (<c>parquet_seal: hour</c>,
/// <c>{stream}_{SYMBOL}_{YYYYMMDD}.h07.csv</c>: the rows of 07:00-07:59 UTC exchange time) gives
/// <c>{stream}_{SYMBOL}_{YYYYMMDD}.h07.p001.parquet</c>. Numbers count up per csv name in the order rows were
/// written, so ordinal name order is row order; every seal (hour or day close, each graceful stop, late rows after a
/// seal) makes a new part, never an append to or a rewrite of a sealed file.
/// </summary>
public static class PartNames
{
    /// <summary>Suffix of every sealed file; nothing being written ever ends in it.</summary>
    public const string Suffix = ".parquet";

    /// <summary>
    /// Folder (under the data directory) of the open csv parts of the hive layout: <c>.staging/{SYMBOL}/</c>. Hidden,
    /// so no reader of the hive tree (a DuckDB glob, pyarrow or Spark discovery, which skip '.' folders) ever meets a
    /// file that is still being written, and nothing of a hive recording lives in <c>{SYMBOL}/</c>.
    /// </summary>
    public const string StagingFolder = ".staging";

    /// <summary>The hour of a whole-day file (no <c>.hHH</c> label).</summary>
    public const int WholeDay = -1;

    private const string CsvSuffix = ".csv";

    /// <summary>The csv name of one UTC hour of a day: <c>aggtrade_BTCUSDT_20260101.csv</c>, 7 → <c>aggtrade_BTCUSDT_20260101.h07.csv</c>.</summary>
    public static string HourlyCsvName(string dayCsvName, int hour)
    {
        ArgumentNullException.ThrowIfNull(dayCsvName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour, 23);
        return hour < 0 ? dayCsvName : string.Create(CultureInfo.InvariantCulture, $"{dayCsvName[..^CsvSuffix.Length]}.h{hour:D2}{CsvSuffix}");
    }

    /// <summary>
    /// Splits the hour label off a csv name: <c>x_20260101.h07.csv</c> → (<c>x_20260101.csv</c>, 7); a name without one
    /// is returned as it is with <see cref="WholeDay"/>.
    /// </summary>
    public static string SplitHour(string csvName, out int hour)
    {
        ArgumentNullException.ThrowIfNull(csvName);
        hour = WholeDay;
        const int labelLength = 4; // ".h07"
        if (!csvName.EndsWith(CsvSuffix, StringComparison.Ordinal) || csvName.Length < CsvSuffix.Length + labelLength + 1)
        {
            return csvName;
        }

        var label = csvName.AsSpan(csvName.Length - CsvSuffix.Length - labelLength, labelLength);
        if (label[0] != '.' || label[1] != 'h' || !char.IsAsciiDigit(label[2]) || !char.IsAsciiDigit(label[3]))
        {
            return csvName;
        }

        var value = ((label[2] - '0') * 10) + (label[3] - '0');
        if (value > 23)
        {
            return csvName;
        }

        hour = value;
        return csvName[..^(CsvSuffix.Length + labelLength)] + CsvSuffix;
    }

    /// <summary>
    /// Folder of a day's parts relative to the data directory, '/' separated; under <c>{exchange}/</c> for an exchange
    /// other than the default (<see cref="ExchangePaths"/>), in both layouts.
    /// </summary>
    public static string Folder(StorageLayout layout, string symbol, string streamPrefix, DateOnly day, string exchange = ExchangeIds.Default) =>
        layout == StorageLayout.Hive
            ? ExchangePaths.Prefix(exchange) + string.Create(CultureInfo.InvariantCulture, $"{streamPrefix}/symbol={symbol}/date={day:yyyy-MM-dd}")
            : ExchangePaths.SymbolFolder(exchange, symbol);

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
