using System.Globalization;
using System.IO.Compression;
using System.Text;
using Streamer.Core.Streams;
using Streamer.Storage.Parquet;

namespace Streamer.Worker.Startup;

/// <summary>
/// Reads where the files of a stream end: the last complete row of the newest day file that has one.
/// A restarted worker resumes after it (aggTrade id, kline open time), fetching what it missed over REST.
/// </summary>
internal static class RecordedTail
{
    private const int TailBytes = 64 * 1024;

    /// <summary>The last complete data row of <paramref name="stream"/> for <paramref name="symbol"/>, or null.</summary>
    public static async Task<string?> LastRowAsync(string dataDir, string symbol, StreamInfo stream, CancellationToken ct = default)
    {
        foreach (var file in NewestFirst(dataDir, symbol, stream))
        {
            var row = file.EndsWith(".gz", StringComparison.Ordinal) ? LastRowOfCompressed(file, raw => new GZipStream(raw, CompressionMode.Decompress))
                : file.EndsWith(".zst", StringComparison.Ordinal) ? LastRowOfCompressed(file, raw => new ZstdSharp.DecompressionStream(raw, leaveOpen: false))
                : file.EndsWith(PartNames.Suffix, StringComparison.Ordinal) ? await LastRowOfParquetAsync(file, ct).ConfigureAwait(false)
                : LastRowOfText(file);
            if (row is not null && !row.StartsWith(stream.Columns[0] + ",", StringComparison.Ordinal))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>
    /// Candidate files, newest rows first. File names start with the day (yyyyMMdd), so ordinal order is day order.
    /// Within a day: hourly files (<c>.h07</c>) by hour, newest first, then whole-day ones; within one hour (or the whole
    /// day) the open .csv holds the newest rows (Parquet parts were sealed before it was opened), then the parts from
    /// the highest number down; a .csv.gz/.csv.zst is a finished day, older than a late .csv next to it.
    /// The open csv is looked for in the symbol's folder and in the hive staging folder (<c>.staging/{SYMBOL}</c>);
    /// parts in both layouts (flat: the symbol's folder; hive: {stream}/symbol=X/date=*).
    /// </summary>
    private static IEnumerable<string> NewestFirst(string dataDir, string symbol, StreamInfo stream)
    {
        var prefix = stream.FilePrefix + "_" + symbol + "_";
        var files = new List<string>();
        foreach (var folder in new[] { Path.Combine(dataDir, symbol), Path.Combine(dataDir, PartNames.StagingFolder, symbol) })
        {
            if (Directory.Exists(folder))
            {
                files.AddRange(Directory.EnumerateFiles(folder, prefix + "*"));
            }
        }

        var hive = Path.Combine(dataDir, stream.FilePrefix, "symbol=" + symbol);
        if (Directory.Exists(hive))
        {
            files.AddRange(Directory.EnumerateFiles(hive, prefix + "*" + PartNames.Suffix, SearchOption.AllDirectories));
        }

        var candidates = new List<(string Path, string Day, int Hour, int Rank)>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            string csvName;
            int rank;
            if (PartNames.TryParse(name, out var partCsv, out var part))
            {
                (csvName, rank) = (partCsv, int.MaxValue - 1 - part);
            }
            else if (name.EndsWith(".csv", StringComparison.Ordinal))
            {
                (csvName, rank) = (name, 0);
            }
            else if (name.EndsWith(".csv.gz", StringComparison.Ordinal) || name.EndsWith(".csv.zst", StringComparison.Ordinal))
            {
                (csvName, rank) = (name[..(name.LastIndexOf(".csv", StringComparison.Ordinal) + 4)], int.MaxValue);
            }
            else
            {
                continue;
            }

            PartNames.SplitHour(csvName, out var hour);
            candidates.Add((file, DayOf(name, prefix), hour, rank));
        }

        return candidates
            .OrderByDescending(c => c.Day, StringComparer.Ordinal)
            .ThenByDescending(c => c.Hour)
            .ThenBy(c => c.Rank)
            .Select(c => c.Path);
    }

    /// <summary>
    /// The first column of the last row as a number (aggTrade id, kline open time), or null. Rows journalled by an
    /// earlier process and not yet written (<paramref name="journalled"/>, the last of them) continue the files: the
    /// later of the two is where the recording ends.
    /// </summary>
    public static async Task<long?> LastIdAsync(string dataDir, string symbol, StreamInfo stream, string? journalled = null, CancellationToken ct = default) =>
        Max(FirstNumber(await LastRowAsync(dataDir, symbol, stream, ct).ConfigureAwait(false)), FirstNumber(journalled));

    /// <summary>
    /// The last closed candle's open time; an unclosed last row (kline_all_updates) means the candle before it closed.
    /// The later of the files' and the journal's (<paramref name="journalled"/>) last rows counts.
    /// </summary>
    public static async Task<long?> LastClosedKlineAsync(string dataDir, string symbol, string? journalled = null, CancellationToken ct = default) =>
        Max(ClosedKline(await LastRowAsync(dataDir, symbol, StreamCatalog.Kline1m, ct).ConfigureAwait(false)), ClosedKline(journalled));

    /// <summary>
    /// The number in <paramref name="column"/> of the last row (the trade stream's <c>seq</c>, whose first column is
    /// the exchange's id string), or null; the later of the files' and the journal's (<paramref name="journalled"/>) counts.
    /// </summary>
    public static async Task<long?> LastNumberAsync(string dataDir, string symbol, StreamInfo stream, string column, string? journalled = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var index = stream.Columns.ToList().IndexOf(column);
        return Max(NumberAt(await LastRowAsync(dataDir, symbol, stream, ct).ConfigureAwait(false), index), NumberAt(journalled, index));
    }

    private static long? NumberAt(string? row, int index)
    {
        var fields = row?.Split(',');
        return fields is not null && index >= 0 && index < fields.Length
            && long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static long? FirstNumber(string? row)
    {
        var comma = row?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        return comma > 0 && long.TryParse(row.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private static long? ClosedKline(string? row)
    {
        if (row is null)
        {
            return null;
        }

        var fields = row.Split(',');
        var closedColumn = StreamCatalog.Kline1m.Columns.ToList().IndexOf("is_closed");
        if (fields.Length <= closedColumn || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var open))
        {
            return null;
        }

        return fields[closedColumn] == "true" ? open : open - 60_000;
    }

    private static string DayOf(string name, string prefix) => name.Length >= prefix.Length + 8 ? name.Substring(prefix.Length, 8) : "";

    /// <summary>The last row of a sealed part: only its last row group is read.</summary>
    private static async Task<string?> LastRowOfParquetAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            string? last = null;
            await ParquetToCsv.ReadLinesAsync(file, line => last = line, ct, lastRowGroupOnly: true).ConfigureAwait(false);
            return last;
        }
        catch (IOException)
        {
            return null; // Renamed away meanwhile (a part never changes once it has its name).
        }
    }

    private static string? LastRowOfText(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = file.Length;
            var take = (int)Math.Min(length, TailBytes);
            file.Position = length - take;
            var buffer = new byte[take];
            file.ReadExactly(buffer);
            return LastCompleteLine(buffer);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? LastRowOfCompressed(string path, Func<Stream, Stream> decompress)
    {
        try
        {
            using var gz = decompress(File.OpenRead(path));
            var window = new byte[TailBytes * 2];
            var filled = 0;
            var buffer = new byte[TailBytes];
            int n;
            while ((n = gz.Read(buffer)) > 0)
            {
                if (filled + n > window.Length)
                {
                    var keep = TailBytes;
                    Array.Copy(window, filled - keep, window, 0, keep);
                    filled = keep;
                }

                Array.Copy(buffer, 0, window, filled, n);
                filled += n;
            }

            return LastCompleteLine(window.AsSpan(0, filled));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The last line that ends in a newline (a torn last line is ignored).</summary>
    private static string? LastCompleteLine(ReadOnlySpan<byte> tail)
    {
        var end = tail.LastIndexOf((byte)'\n');
        if (end <= 0)
        {
            return null;
        }

        var start = tail[..end].LastIndexOf((byte)'\n') + 1;
        if (start == 0 && tail.Length == TailBytes)
        {
            return null; // A line longer than the window: not a row of ours.
        }

        return Encoding.UTF8.GetString(tail[start..end]);
    }
}
