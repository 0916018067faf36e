using System.Globalization;
using System.IO.Compression;
using System.Text;
using Streamer.Core.Streams;

namespace Streamer.Verify.Tests;

/// <summary>A throwaway data directory with hand-made recorded files, written exactly as the writer lays them out.</summary>
internal sealed class Recording : IDisposable
{
    public const string Symbol = "BTCUSDT";
    public static readonly DateOnly Day1 = new(2026, 5, 1);
    public static readonly DateOnly Day2 = new(2026, 5, 2);

    public Recording()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "verify-tests-" + Guid.NewGuid().ToString("N"));

    public static long Ms(DateOnly day, double secondOfDay) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds() + (long)(secondOfDay * 1000);

    /// <summary>Writes a data file (header first unless a header is given) and returns its path.</summary>
    public string Write(StreamInfo stream, DateOnly day, IEnumerable<string> rows, string? header = null, bool gzip = false, bool lastNewline = true, string symbol = Symbol, string exchange = Streamer.Core.Exchanges.ExchangeIds.Default)
    {
        var folder = System.IO.Path.Combine(Path, Streamer.Core.Exchanges.ExchangePaths.SymbolFolder(exchange, symbol));
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, StreamCatalog.FileName(stream, symbol, day)) + (gzip ? ".gz" : "");
        var text = new StringBuilder((header ?? stream.Header) + "\n");
        foreach (var row in rows)
        {
            text.Append(row).Append('\n');
        }

        if (!lastNewline)
        {
            text.Length--;
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    /// <summary>Writes rows as sealed Parquet part <paramref name="part"/> of a day, in the flat or the hive layout.</summary>
    public async Task<string> WriteParquetAsync(StreamInfo stream, DateOnly day, IEnumerable<string> rows, int part, bool hive, string symbol = Symbol, int hour = -1)
    {
        var folder = System.IO.Path.Combine(Path, hive
            ? Streamer.Storage.Parquet.PartNames.Folder(Streamer.Core.Configuration.StorageLayout.Hive, symbol, stream.FilePrefix, day)
            : symbol);
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, Streamer.Storage.Parquet.PartNames.FileName(Streamer.Storage.Parquet.PartNames.HourlyCsvName(StreamCatalog.FileName(stream, symbol, day), hour), part));
        var csv = Encoding.UTF8.GetBytes(stream.Header + "\n" + string.Concat(rows.Select(r => r + "\n")));
        await using var output = File.Create(path);
        await Streamer.Storage.Parquet.CsvToParquet.ConvertAsync(() => new MemoryStream(csv), output, 64, CancellationToken.None);
        return path;
    }

    /// <summary>aggTrade rows with consecutive ids, one a second from the start of the day.</summary>
    public static IEnumerable<string> AggTrades(DateOnly day, long firstId, int count, double startSecond = 0) =>
        Enumerable.Range(0, count).Select(i => AggTrade(firstId + i, Ms(day, startSecond + i)));

    public static string AggTrade(long id, long timeMs) => string.Create(CultureInfo.InvariantCulture,
        $"{id},65000.10,0.002,{id * 3},{id * 3 + 2},{timeMs},{(id % 2 == 0 ? "true" : "false")},{timeMs + 3},{(timeMs + 5) * 1000}");

    /// <summary>Rows of depthUpdates (U, u, pu, levels): one row per level; no levels = one row with empty side, price, quantity.</summary>
    public static IEnumerable<string> Depth(DateOnly day, params (long U, long u, long pu, int levels)[] updates)
    {
        for (var i = 0; i < updates.Length; i++)
        {
            var (first, final, prev, levels) = updates[i];
            var t = Ms(day, 10 + i);
            if (levels == 0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{t},{t - 1},{first},{final},{prev},,,,{(t + 2) * 1000}");
            }

            for (var l = 0; l < levels; l++)
            {
                var side = l % 2 == 0 ? "bid" : "ask";
                yield return string.Create(CultureInfo.InvariantCulture, $"{t},{t - 1},{first},{final},{prev},{side},{65000 + l}.10,1.5,{(t + 2) * 1000}");
            }
        }
    }

    /// <summary>A chain of depthUpdates, each with pu = previous u, starting after u = <paramref name="after"/>.</summary>
    public static (long, long, long, int)[] Chain(long after, int count, int levels = 3)
    {
        var updates = new (long, long, long, int)[count];
        var prev = after;
        for (var i = 0; i < count; i++)
        {
            // Futures ids are not consecutive: U skips ahead of pu + 1.
            var first = prev + 5;
            var final = first + 7;
            updates[i] = (first, final, prev, levels);
            prev = final;
        }

        return updates;
    }

    public static IEnumerable<string> Snapshot(DateOnly day, long lastUpdateId, double second = 5, int levels = 4) =>
        Enumerable.Range(0, levels).Select(l => string.Create(CultureInfo.InvariantCulture,
            $"{lastUpdateId},{Ms(day, second)},{Ms(day, second) - 1},{(l % 2 == 0 ? "bid" : "ask")},{64000 + l}.5,2.25,{Ms(day, second) * 1000 + 77}"));

    public static string Event(DateOnly day, double second, string stream, string kind, long? from, long? to, string detail) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Ms(day, second) * 1000},{stream},{kind},{from?.ToString(CultureInfo.InvariantCulture)},{to?.ToString(CultureInfo.InvariantCulture)},{Quote(detail)}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
