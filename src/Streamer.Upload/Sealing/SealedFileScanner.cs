using Streamer.Writer.Durability;
using Streamer.Writer.Files;

namespace Streamer.Upload.Sealing;

/// <summary>Finds every sealed file under the data directory: <c>{data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv[.gz|.zst]</c>.</summary>
public static class SealedFileScanner
{
    /// <summary>Sealed files, oldest day first; folders starting with '.' (state of the parts) are skipped.</summary>
    public static List<SealedFile> Scan(string dataDir, DateTimeOffset now, TimeSpan closeGrace, bool compress)
    {
        var result = new List<SealedFile>();
        if (!Directory.Exists(dataDir))
        {
            return result;
        }

        var held = HeldFiles.Read(dataDir);
        foreach (var dir in Directory.EnumerateDirectories(dataDir))
        {
            var symbol = System.IO.Path.GetFileName(dir);
            if (symbol.StartsWith('.'))
            {
                continue;
            }

            var names = Directory.EnumerateFiles(dir).Select(System.IO.Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (!DayFilePaths.TryParseFileName(SealedFileRule.CsvName(name), out var stream, out var fileSymbol, out var day) || fileSymbol != symbol)
                {
                    continue;
                }

                var relative = symbol + "/" + name;
                if (!SealedFileRule.IsSealed(new SealContext(name, relative, day, now, closeGrace, compress, held, names)))
                {
                    continue;
                }

                var info = new FileInfo(System.IO.Path.Combine(dir, name));
                if (info.Exists)
                {
                    result.Add(new SealedFile(info.FullName, relative, symbol, stream.FilePrefix, day, info.Length, info.LastWriteTimeUtc));
                }
            }
        }

        result.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return result;
    }
}
