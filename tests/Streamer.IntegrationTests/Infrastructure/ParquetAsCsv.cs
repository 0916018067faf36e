using System.Globalization;
using System.Text.RegularExpressions;
using Streamer.Tests.Support;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>
/// Turns a Parquet recording back into the CSV layout (<c>{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv</c>) with DuckDB,
/// the independent reader, so the CSV ground-truth checks run unchanged on it. A day's parts are read in part
/// order (hourly parts: hour, then part) and concatenated under one header.
/// </summary>
internal static partial class ParquetAsCsv
{
    /// <summary>Every sealed part of a symbol and stream, in either layout, in day and part order.</summary>
    public static List<string> Parts(string dataDir, string symbol, string stream)
    {
        var flat = Path.Combine(dataDir, symbol);
        var hive = Path.Combine(dataDir, stream, "symbol=" + symbol);
        var files = new List<string>();
        if (Directory.Exists(flat))
        {
            files.AddRange(Directory.GetFiles(flat, $"{stream}_{symbol}_*.parquet"));
        }

        if (Directory.Exists(hive))
        {
            files.AddRange(Directory.GetFiles(hive, $"{stream}_{symbol}_*.parquet", SearchOption.AllDirectories));
        }

        return [.. files.OrderBy(Path.GetFileName, StringComparer.Ordinal)];
    }

    /// <summary>Writes the parts accepted by <paramref name="include"/> (all when null) as CSV day files under <paramref name="outputDir"/>.</summary>
    public static void Convert(string dataDir, string outputDir, string symbol, string stream, Func<string, bool>? include = null)
    {
        var folder = Path.Combine(outputDir, symbol);
        Directory.CreateDirectory(folder);
        foreach (var part in Parts(dataDir, symbol, stream).Where(p => include?.Invoke(p) ?? true))
        {
            var day = PartName().Match(Path.GetFileName(part)).Groups["day"].Value;
            var csv = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{stream}_{symbol}_{day}.csv"));
            var text = DuckDb.ToCsv(part);
            File.AppendAllText(csv, File.Exists(csv) ? text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..] : text);
        }
    }

    [GeneratedRegex(@"_(?<day>\d{8})(\.h\d{2})?\.p\d{3}\.parquet$")]
    private static partial Regex PartName();
}
