using System.Buffers.Text;

namespace Streamer.Bench.Infrastructure;

/// <summary>
/// Fast forward-only reading of recorded CSV files: complete lines as UTF-8 spans, fields by index.
/// Files of a full-rate run are gigabytes, so nothing is turned into strings.
/// </summary>
internal static class CsvScan
{
    /// <summary>Calls <paramref name="onRow"/> for every complete data line (the header is skipped) of the files, in order.</summary>
    public static void Rows(IEnumerable<string> files, RowAction onRow)
    {
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var filled = 0;
            var header = true;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = fs.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var start = 0;
                while (true)
                {
                    var nl = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        break;
                    }

                    if (header)
                    {
                        header = false;
                    }
                    else
                    {
                        onRow(buffer.AsSpan(start, nl));
                    }

                    start += nl + 1;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
    }

    /// <summary>The field at <paramref name="index"/> (0-based) of a row.</summary>
    public static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> row, int index)
    {
        for (var i = 0; i < index; i++)
        {
            var comma = row.IndexOf((byte)',');
            if (comma < 0)
            {
                return default;
            }

            row = row[(comma + 1)..];
        }

        var end = row.IndexOf((byte)',');
        return end < 0 ? row : row[..end];
    }

    /// <summary>The last field of a row.</summary>
    public static ReadOnlySpan<byte> LastField(ReadOnlySpan<byte> row) => row[(row.LastIndexOf((byte)',') + 1)..];

    /// <summary>An integer field; <paramref name="fallback"/> when empty or not a number.</summary>
    public static long Long(ReadOnlySpan<byte> field, long fallback = long.MinValue) =>
        Utf8Parser.TryParse(field, out long value, out var used) && used == field.Length ? value : fallback;

    /// <summary>The last complete line of a file (empty when it has none), read from its end.</summary>
    public static byte[] LastLine(string file)
    {
        try
        {
            using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            var length = fs.Length;
            var take = (int)Math.Min(length, 64 * 1024);
            var tail = new byte[take];
            fs.Position = length - take;
            fs.ReadExactly(tail);
            var span = tail.AsSpan();
            var end = span.LastIndexOf((byte)'\n');
            if (end < 0)
            {
                return [];
            }

            var start = span[..end].LastIndexOf((byte)'\n') + 1;
            return span[start..end].ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Files of one stream and symbol, oldest day first.</summary>
    public static string[] Files(string dataDir, string symbol, string stream)
    {
        var dir = Path.Combine(dataDir, symbol);
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir, $"{stream}_{symbol}_*.csv").Order(StringComparer.Ordinal)] : [];
    }
}

/// <summary>Receives one row of <see cref="CsvScan.Rows"/>.</summary>
internal delegate void RowAction(ReadOnlySpan<byte> row);
