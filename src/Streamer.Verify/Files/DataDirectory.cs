using System.Globalization;
using Streamer.Core.Streams;

namespace Streamer.Verify.Files;

/// <summary>
/// Lists the recorded files under a data directory. Names are parsed from the right, because stream
/// prefixes contain underscores (<c>depth_snapshot</c>, <c>kline_1m</c>) and the symbol is known from the folder.
/// </summary>
internal static class DataDirectory
{
    private const string CsvSuffix = ".csv";
    private const string GzSuffix = ".csv.gz";

    /// <summary>Symbols found, with their files, in name order; plus the files that were not recognised.</summary>
    public static (IReadOnlyList<SymbolFiles> Symbols, IReadOnlyList<string> Ignored) List(string dataDir, IReadOnlyCollection<string> onlySymbols)
    {
        var symbols = new List<SymbolFiles>();
        var ignored = new List<string>();
        var folders = Directory.EnumerateDirectories(dataDir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.')) // the writer's state (.writer) and other hidden folders
            .Where(name => onlySymbols.Count == 0 || onlySymbols.Contains(name, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var symbol in folders)
        {
            var files = new SymbolFiles(symbol);
            foreach (var path in Directory.EnumerateFiles(Path.Combine(dataDir, symbol)).Order(StringComparer.Ordinal))
            {
                var relative = Path.Combine(symbol, Path.GetFileName(path));
                if (TryParse(path, relative, symbol) is { } file)
                {
                    files.Add(file);
                }
                else if (!IsWriterTemporary(path))
                {
                    ignored.Add(relative);
                }
            }

            symbols.Add(files);
        }

        return (symbols, ignored);
    }

    /// <summary>Parses <c>{stream}_{SYMBOL}_{YYYYMMDD}.csv[.gz]</c>; null for any other name.</summary>
    public static DataFile? TryParse(string path, string relativePath, string symbol)
    {
        var name = Path.GetFileName(path);
        bool compressed;
        string stem;
        if (name.EndsWith(GzSuffix, StringComparison.Ordinal))
        {
            compressed = true;
            stem = name[..^GzSuffix.Length];
        }
        else if (name.EndsWith(CsvSuffix, StringComparison.Ordinal))
        {
            compressed = false;
            stem = name[..^CsvSuffix.Length];
        }
        else
        {
            return null;
        }

        var tail = "_" + symbol + "_";
        var at = stem.LastIndexOf(tail, StringComparison.Ordinal);
        if (at <= 0 || stem.Length - at - tail.Length != 8
            || !DateOnly.TryParseExact(stem.AsSpan(at + tail.Length), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !StreamCatalog.TryGet(stem[..at], out var stream))
        {
            return null;
        }

        return new DataFile(path, relativePath, symbol, stream, day, compressed, new FileInfo(path).Length);
    }

    // The writer's compression temporaries (.csv.gz.{id}.tmp) and similar are not data.
    private static bool IsWriterTemporary(string path) => path.EndsWith(".tmp", StringComparison.Ordinal);
}
