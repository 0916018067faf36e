using System.Buffers.Text;
using System.IO.Compression;
using System.Text;
using Streamer.Core.Streams;

namespace Streamer.Verify.Bench;

/// <summary>
/// Writes one large, clean recorded day (aggtrade + depth with resynced breaks + snapshots + events)
/// shaped like the writer's files, streaming, so generating it costs no memory.
/// </summary>
internal static class BenchData
{
    public const string Symbol = "BENCHUSDT";
    public static readonly DateOnly Day = new(2026, 5, 1);
    private const int LevelsPerUpdate = 10;
    private const int BreakEvery = 100_000; // depth updates between injected (and resynced) breaks

    public static long DayStartMs => new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Writes about <paramref name="rows"/> rows, half aggtrade and half depth; returns the rows written.</summary>
    public static long Generate(string dataDir, long rows)
    {
        var folder = Path.Combine(dataDir, Symbol);
        Directory.CreateDirectory(folder);
        var trades = rows / 2;
        var written = WriteAggTrades(Path.Combine(folder, StreamCatalog.FileName(StreamCatalog.AggTrade, Symbol, Day)), trades);
        written += WriteDepth(folder, (rows - trades) / LevelsPerUpdate);
        return written;
    }

    /// <summary>Copies the day's aggtrade file to <paramref name="dataDir"/> as a compressed .csv.gz.</summary>
    public static void Compress(string fromDir, string dataDir)
    {
        var name = StreamCatalog.FileName(StreamCatalog.AggTrade, Symbol, Day);
        Directory.CreateDirectory(Path.Combine(dataDir, Symbol));
        using var input = File.OpenRead(Path.Combine(fromDir, Symbol, name));
        using var output = File.Create(Path.Combine(dataDir, Symbol, name + ".gz"));
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        input.CopyTo(gzip);
    }

    private static long WriteAggTrades(string path, long count)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Line(file, StreamCatalog.AggTrade.Header);
        var row = new byte[256];
        var step = 86_400_000.0 / count;
        for (long i = 0; i < count; i++)
        {
            var id = 4_000_000_000 + i;
            var t = DayStartMs + (long)(i * step);
            var n = 0;
            n += Long(row.AsSpan(n), id, ',');
            n += Raw(row.AsSpan(n), (i & 7) == 0 ? "65012.40," : "65012.30,");
            n += Raw(row.AsSpan(n), "0.012,");
            n += Long(row.AsSpan(n), id * 3, ',');
            n += Long(row.AsSpan(n), id * 3 + 2, ',');
            n += Long(row.AsSpan(n), t, ',');
            n += Raw(row.AsSpan(n), (i & 1) == 0 ? "true," : "false,");
            n += Long(row.AsSpan(n), t + 4, ',');
            n += Long(row.AsSpan(n), (t + 6) * 1000 + (i % 1000), '\n');
            file.Write(row, 0, n);
        }

        return count;
    }

    private static long WriteDepth(string folder, long updates)
    {
        using var depth = new FileStream(Path.Combine(folder, StreamCatalog.FileName(StreamCatalog.Depth, Symbol, Day)), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var snapshots = new FileStream(Path.Combine(folder, StreamCatalog.FileName(StreamCatalog.DepthSnapshot, Symbol, Day)), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var events = new StreamWriter(Path.Combine(folder, StreamCatalog.FileName(StreamCatalog.Events, Symbol, Day)));
        Line(depth, StreamCatalog.Depth.Header);
        Line(snapshots, StreamCatalog.DepthSnapshot.Header);
        events.Write(StreamCatalog.Events.Header + "\n");
        var row = new byte[256];
        var step = 86_400_000.0 / updates;
        long prev = 9_000_000_000;
        long rows = 0;
        Snapshot(snapshots, prev, DayStartMs);
        for (long i = 0; i < updates; i++)
        {
            var t = DayStartMs + (long)(i * step);
            if (i > 0 && i % BreakEvery == 0)
            {
                // Lost updates, then the snapshot the recorder takes to resync (inside the next update).
                prev += 500;
                Snapshot(snapshots, prev + 3, t);
                events.Write(FormattableString.Invariant($"{t * 1000},depth,gap,{prev - 500},{prev},bench break\n"));
            }

            var first = prev + 2;
            var final = first + 9;
            for (var l = 0; l < LevelsPerUpdate; l++)
            {
                var n = 0;
                n += Long(row.AsSpan(n), t, ',');
                n += Long(row.AsSpan(n), t - 2, ',');
                n += Long(row.AsSpan(n), first, ',');
                n += Long(row.AsSpan(n), final, ',');
                n += Long(row.AsSpan(n), prev, ',');
                n += Raw(row.AsSpan(n), l < LevelsPerUpdate / 2 ? "bid,650" : "ask,651");
                n += Long(row.AsSpan(n), 10 + l, '.');
                n += Raw(row.AsSpan(n), "10,");
                n += Raw(row.AsSpan(n), (l & 3) == 0 ? "0," : "1.234,");
                n += Long(row.AsSpan(n), (t + 3) * 1000 + l, '\n');
                depth.Write(row, 0, n);
            }

            rows += LevelsPerUpdate;
            prev = final;
        }

        return rows;
    }

    private static void Snapshot(Stream file, long lastUpdateId, long t)
    {
        var text = new StringBuilder();
        for (var l = 0; l < 1000; l++)
        {
            text.Append(FormattableString.Invariant($"{lastUpdateId},{t},{t - 1},{(l % 2 == 0 ? "bid" : "ask")},{64000 + l}.10,0.5,{t * 1000 + 50}\n"));
        }

        file.Write(Encoding.ASCII.GetBytes(text.ToString()));
    }

    private static void Line(Stream file, string text) => file.Write(Encoding.ASCII.GetBytes(text + "\n"));

    private static int Long(Span<byte> to, long value, char separator)
    {
        Utf8Formatter.TryFormat(value, to, out var n);
        to[n] = (byte)separator;
        return n + 1;
    }

    private static int Raw(Span<byte> to, string ascii) => Encoding.ASCII.GetBytes(ascii, to);
}
