using System.Globalization;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.Storage.Parquet;
using Streamer.Writer.Files;

namespace Streamer.Verify.Files;

/// <summary>
/// Lists the recorded files under a data directory. Names are parsed from the right, because stream
/// prefixes contain underscores (<c>depth_snapshot</c>, <c>kline_1m</c>) and the symbol is known from the folder.
/// Parquet parts are found in both layouts: next to the csv files (flat) and under
/// <c>{stream}/symbol={SYMBOL}/date={YYYY-MM-DD}/</c> (hive); the open csv parts of a hive recording under
/// <c>.staging/{SYMBOL}/</c>. A non-default exchange's files are the same tree under <c>{exchange}/</c>
/// (<see cref="ExchangePaths"/>). Hourly files carry their UTC hour (<c>.h07.csv</c>, <c>.h07.p001.parquet</c>).
/// </summary>
internal static class DataDirectory
{
    private const string CsvSuffix = ".csv";
    private const string GzSuffix = ".csv.gz";
    private const string ZstSuffix = ".csv.zst";
    private const string HiveSymbol = "symbol=";

    /// <summary>
    /// Symbols found, with their files, in key order (<see cref="ExchangePaths.Key"/>); plus the files that were not
    /// recognised. The default exchange's symbols are the folders of <paramref name="dataDir"/>; each other known
    /// exchange's are the folders of <c>{dataDir}/{exchange}/</c>, laid out the same way (flat, hive, .staging).
    /// </summary>
    /// <param name="dataDir">The data directory.</param>
    /// <param name="onlyKeys">Only these keys (<c>BTCUSDT</c>, <c>binance-spot/BTCUSDT</c>); empty for every symbol.</param>
    /// <param name="exchanges">Only these exchanges; null for every known one.</param>
    public static (IReadOnlyList<SymbolFiles> Symbols, IReadOnlyList<string> Ignored) List(string dataDir, IReadOnlyCollection<string> onlyKeys, IReadOnlyCollection<string>? exchanges = null)
    {
        var byKey = new SortedDictionary<string, SymbolFiles>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var exchange in ExchangeIds.Known.Where(e => exchanges is null || exchanges.Contains(e, StringComparer.Ordinal)))
        {
            var root = Path.Combine(dataDir, ExchangePaths.Prefix(exchange));
            if (Directory.Exists(root))
            {
                ListRoot(dataDir, root, exchange, onlyKeys, byKey, ignored);
            }
        }

        return ([.. byKey.Values], ignored);
    }

    /// <summary>One exchange's tree: <paramref name="root"/> is the data directory (default exchange) or its <c>{exchange}/</c> folder.</summary>
    private static void ListRoot(string dataDir, string root, string exchange, IReadOnlyCollection<string> onlyKeys, SortedDictionary<string, SymbolFiles> byKey, List<string> ignored)
    {
        var folders = Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.')) // the writer's state (.writer) and other hidden folders
            .Where(name => !ExchangeIds.IsKnown(name)) // another exchange's tree, listed on its own
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var folder in folders)
        {
            if (StreamCatalog.TryGet(folder, out _))
            {
                ListHive(dataDir, root, exchange, folder, onlyKeys, byKey, ignored); // Symbols are upper case; stream folders are not.
                continue;
            }

            if (!Selected(onlyKeys, exchange, folder))
            {
                continue;
            }

            var files = Symbol(byKey, exchange, folder);
            foreach (var path in Directory.EnumerateFiles(Path.Combine(root, folder)).Order(StringComparer.Ordinal))
            {
                Add(files, path, Path.Combine(ExchangePaths.Prefix(exchange), folder, Path.GetFileName(path)), ignored);
            }
        }

        ListStaging(dataDir, root, exchange, onlyKeys, byKey, ignored);
    }

    private static bool Selected(IReadOnlyCollection<string> onlyKeys, string exchange, string symbol) =>
        onlyKeys.Count == 0 || onlyKeys.Contains(ExchangePaths.Key(exchange, symbol), StringComparer.Ordinal);

    /// <summary>The open csv parts of the hive layout: <c>.staging/{SYMBOL}/</c> (under the exchange's folder).</summary>
    private static void ListStaging(string dataDir, string root, string exchange, IReadOnlyCollection<string> onlyKeys, SortedDictionary<string, SymbolFiles> byKey, List<string> ignored)
    {
        var staging = Path.Combine(root, DayFilePaths.StagingFolder);
        if (!Directory.Exists(staging))
        {
            return;
        }

        foreach (var symbolDir in Directory.EnumerateDirectories(staging).Order(StringComparer.Ordinal))
        {
            var symbol = Path.GetFileName(symbolDir);
            if (!Selected(onlyKeys, exchange, symbol))
            {
                continue;
            }

            var files = Symbol(byKey, exchange, symbol);
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
    public static DataFile? TryParse(string path, string relativePath, string symbol, string exchange = ExchangeIds.Default)
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

        return new DataFile(path, relativePath, symbol, stream, day, encoding, new FileInfo(path).Length, part, hour, exchange);
    }

    private static void ListHive(string dataDir, string root, string exchange, string streamFolder, IReadOnlyCollection<string> onlyKeys, SortedDictionary<string, SymbolFiles> byKey, List<string> ignored)
    {
        foreach (var symbolDir in Directory.EnumerateDirectories(Path.Combine(root, streamFolder)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(symbolDir);
            var symbol = name.StartsWith(HiveSymbol, StringComparison.Ordinal) ? name[HiveSymbol.Length..] : null;
            if (string.IsNullOrEmpty(symbol) || !Selected(onlyKeys, exchange, symbol))
            {
                continue;
            }

            var files = Symbol(byKey, exchange, symbol);
            foreach (var path in Directory.EnumerateFiles(symbolDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(files, path, Path.GetRelativePath(dataDir, path), ignored);
            }
        }
    }

    private static SymbolFiles Symbol(SortedDictionary<string, SymbolFiles> byKey, string exchange, string symbol)
    {
        var key = ExchangePaths.Key(exchange, symbol);
        if (!byKey.TryGetValue(key, out var files))
        {
            files = new SymbolFiles(exchange, symbol);
            byKey[key] = files;
        }

        return files;
    }

    private static void Add(SymbolFiles files, string path, string relative, List<string> ignored)
    {
        if (TryParse(path, relative, files.Symbol, files.Exchange) is { } file)
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
