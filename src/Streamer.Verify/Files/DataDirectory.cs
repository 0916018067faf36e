using System.Globalization;
using Streamer.Core.Streams;
using Streamer.Storage.Parquet;
using Streamer.Writer.Files;

namespace Streamer.Verify.Files;

/// <summary>
/// Lists the recorded files under a data directory. Names are parsed from the right, because stream
/// prefixes contain underscores (<c>depth_snapshot</c>, <c>kline_1m</c>) and the symbol is known from the folder.
/// Parquet parts are found in both layouts: next to the csv files (flat) and under
/// <c>{stream}/symbol={SYMBOL}/date={YYYY-MM-DD}/</c> (hive); the open csv parts of a hive recording under
/// <c>.staging/{SYMBOL}/</c>. Hourly files carry their UTC hour (<c>.h07.csv</c>, <c>.h07.p001.parquet</c>).
/// </summary>
internal static class DataDirectory
{
    private const string CsvSuffix = ".csv";
    private const string GzSuffix = ".csv.gz";
    private const string ZstSuffix = ".csv.zst";
    private const string HiveSymbol = "symbol=";

    /// <summary>Symbols found, with their files, in name order; plus the files that were not recognised.</summary>
    public static (IReadOnlyList<SymbolFiles> Symbols, IReadOnlyList<string> Ignored) List(string dataDir, IReadOnlyCollection<string> onlySymbols)
    {
        var bySymbol = new SortedDictionary<string, SymbolFiles>(StringComparer.Ordinal);
        var ignored = new List<string>();
        var folders = Directory.EnumerateDirectories(dataDir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.')) // the writer's state (.writer) and other hidden folders
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var folder in folders)
        {
            if (StreamCatalog.TryGet(folder, out _))
            {
                ListHive(dataDir, folder, onlySymbols, bySymbol, ignored); // Symbols are upper case; stream folders are not.
                continue;
            }

            if (onlySymbols.Count > 0 && !onlySymbols.Contains(folder, StringComparer.Ordinal))
            {
                continue;
            }

            var files = Symbol(bySymbol, folder);
            foreach (var path in Directory.EnumerateFiles(Path.Combine(dataDir, folder)).Order(StringComparer.Ordinal))
            {
                Add(files, path, Path.Combine(folder, Path.GetFileName(path)), ignored);
            }
        }

        ListStaging(dataDir, onlySymbols, bySymbol, ignored);
        return ([.. bySymbol.Values], ignored);
    }

    /// <summary>The open csv parts of the hive layout: <c>.staging/{SYMBOL}/</c>.</summary>
    private static void ListStaging(string dataDir, IReadOnlyCollection<string> onlySymbols, SortedDictionary<string, SymbolFiles> bySymbol, List<string> ignored)
    {
        var staging = Path.Combine(dataDir, DayFilePaths.StagingFolder);
        if (!Directory.Exists(staging))
        {
            return;
        }

        foreach (var symbolDir in Directory.EnumerateDirectories(staging).Order(StringComparer.Ordinal))
        {
            var symbol = Path.GetFileName(symbolDir);
            if (onlySymbols.Count > 0 && !onlySymbols.Contains(symbol, StringComparer.Ordinal))
            {
                continue;
            }

            var files = Symbol(bySymbol, symbol);
            foreach (var path in Directory.EnumerateFiles(symbolDir).Order(StringComparer.Ordinal))
            {
                Add(files, path, Path.GetRelativePath(dataDir, path), ignored);
            }
        }
    }

    /// <summary>
    /// Parses <c>{stream}_{SYMBOL}_{YYYYMMDD}[.hHH].csv[.gz|.zst]</c> or <c>..._{YYYYMMDD}[.hHH].pNNN.parquet</c>; null for
    /// any other name.
    /// </summary>
    public static DataFile? TryParse(string path, string relativePath, string symbol)
    {
        var name = Path.GetFileName(path);
        FileEncoding encoding;
        string stem;
        var part = 0;
        if (name.EndsWith(GzSuffix, StringComparison.Ordinal))
        {
            encoding = FileEncoding.Gzip;
            stem = name[..^GzSuffix.Length];
        }
        else if (name.EndsWith(ZstSuffix, StringComparison.Ordinal))
        {
            encoding = FileEncoding.Zstd;
            stem = name[..^ZstSuffix.Length];
        }
        else if (PartNames.TryParse(name, out var csvName, out part))
        {
            encoding = FileEncoding.Parquet;
            stem = csvName[..^CsvSuffix.Length];
        }
        else if (name.EndsWith(CsvSuffix, StringComparison.Ordinal))
        {
            encoding = FileEncoding.Csv;
            stem = name[..^CsvSuffix.Length];
        }
        else
        {
            return null;
        }

        stem = PartNames.SplitHour(stem + CsvSuffix, out var hour)[..^CsvSuffix.Length];
        var tail = "_" + symbol + "_";
        var at = stem.LastIndexOf(tail, StringComparison.Ordinal);
        if (at <= 0 || stem.Length - at - tail.Length != 8
            || !DateOnly.TryParseExact(stem.AsSpan(at + tail.Length), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !StreamCatalog.TryGet(stem[..at], out var stream))
        {
            return null;
        }

        return new DataFile(path, relativePath, symbol, stream, day, encoding, new FileInfo(path).Length, part, hour);
    }

    private static void ListHive(string dataDir, string streamFolder, IReadOnlyCollection<string> onlySymbols, SortedDictionary<string, SymbolFiles> bySymbol, List<string> ignored)
    {
        foreach (var symbolDir in Directory.EnumerateDirectories(Path.Combine(dataDir, streamFolder)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(symbolDir);
            var symbol = name.StartsWith(HiveSymbol, StringComparison.Ordinal) ? name[HiveSymbol.Length..] : null;
            if (symbol is null || (onlySymbols.Count > 0 && !onlySymbols.Contains(symbol, StringComparer.Ordinal)))
            {
                continue;
            }

            var files = Symbol(bySymbol, symbol);
            foreach (var path in Directory.EnumerateFiles(symbolDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(files, path, Path.GetRelativePath(dataDir, path), ignored);
            }
        }
    }

    private static SymbolFiles Symbol(SortedDictionary<string, SymbolFiles> bySymbol, string symbol)
    {
        if (!bySymbol.TryGetValue(symbol, out var files))
        {
            files = new SymbolFiles(symbol);
            bySymbol[symbol] = files;
        }

        return files;
    }

    private static void Add(SymbolFiles files, string path, string relative, List<string> ignored)
    {
        if (TryParse(path, relative, files.Symbol) is { } file)
        {
            files.Add(file);
        }
        else if (!IsWriterTemporary(path))
        {
            ignored.Add(relative);
        }
    }

    // The writer's compression and seal temporaries ({csv}.gz.{id}.tmp, {csv}.parquet.{id}.tmp) are not data.
    private static bool IsWriterTemporary(string path) => path.EndsWith(".tmp", StringComparison.Ordinal);
}
