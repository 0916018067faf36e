using System.Globalization;
using System.IO.Compression;
using Streamer.Core.Streams;

namespace Streamer.Storage.Convert;

/// <summary>A CSV day file that <c>convert</c> may replace: plain, gzip or zstd.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Symbol">Its symbol folder.</param>
/// <param name="CsvName">The plain csv name (<c>{stream}_{SYMBOL}_{YYYYMMDD}[.hHH].csv</c>), whatever the compression.</param>
/// <param name="Stream">The stream of its prefix.</param>
/// <param name="Day">Its UTC day.</param>
public sealed record ClosedDayFile(string Path, string Symbol, string CsvName, StreamInfo Stream, DateOnly Day)
{
    /// <summary>Opens the file's CSV text, decompressing as its name says.</summary>
    public Stream OpenCsv()
    {
        var file = File.OpenRead(Path);
        if (Path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }

        return Path.EndsWith(".zst", StringComparison.Ordinal) ? new ZstdSharp.DecompressionStream(file, leaveOpen: false) : file;
    }

    /// <summary>The csv, csv.gz and csv.zst files of a symbol folder (hourly parts too), parsed; other names are skipped.</summary>
    public static IEnumerable<ClosedDayFile> In(string symbolFolder, string symbol)
    {
        foreach (var path in Directory.EnumerateFiles(symbolFolder).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(path);
            var csvName = name.EndsWith(".csv.gz", StringComparison.Ordinal) ? name[..^3]
                : name.EndsWith(".csv.zst", StringComparison.Ordinal) ? name[..^4]
                : name.EndsWith(".csv", StringComparison.Ordinal) ? name : null;
            var dayName = csvName is null ? null : Parquet.PartNames.SplitHour(csvName, out _); // an hourly part: x_20260101.h07.csv
            var prefixEnd = dayName?.LastIndexOf("_" + symbol + "_", StringComparison.Ordinal) ?? -1;
            if (csvName is null || dayName is null || prefixEnd <= 0 || dayName.Length != prefixEnd + symbol.Length + 2 + 8 + 4
                || !StreamCatalog.TryGet(dayName[..prefixEnd], out var stream)
                || !DateOnly.TryParseExact(dayName.AsSpan(prefixEnd + symbol.Length + 2, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                continue;
            }

            yield return new ClosedDayFile(path, symbol, csvName, stream, day);
        }
    }
}
