using Streamer.Core.Streams;
using Streamer.Writer.Durability;
using Streamer.Writer.Files;

namespace Streamer.Upload.Sealing;

/// <summary>
/// Finds every sealed file under the data directory: <c>{data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv[.gz|.zst]</c>
/// and Parquet parts in both layouts (flat: <c>{SYMBOL}/..._{YYYYMMDD}[.hHH].pNNN.parquet</c>; hive:
/// <c>{stream}/symbol={SYMBOL}/date={YYYY-MM-DD}/...parquet</c>).
/// </summary>
public static class SealedFileScanner
{
    private const string HiveSymbol = "symbol=";

    /// <summary>
    /// Sealed files, oldest day first. Folders starting with '.' (state of the parts, the hive layout's open csv parts
    /// in <c>.staging</c>) are skipped. <paramref name="csvIsConverted"/>: <see cref="SealedFileRule.ConvertsCsv"/>.
    /// </summary>
    public static List<SealedFile> Scan(string dataDir, DateTimeOffset now, TimeSpan closeGrace, bool csvIsConverted)
    {
        var result = new List<SealedFile>();
        if (!Directory.Exists(dataDir))
        {
            return result;
        }

        var held = HeldFiles.Read(dataDir);
        foreach (var dir in Directory.EnumerateDirectories(dataDir))
        {
            var name = System.IO.Path.GetFileName(dir);
            if (name.StartsWith('.'))
            {
                continue;
            }

            if (StreamCatalog.TryGet(name, out _))
            {
                // A hive stream folder (symbols are upper case, stream folders are not): its partitions hold only parts.
                foreach (var partition in HivePartitions(dir))
                {
                    AddSealed(result, dataDir, partition, held, now, closeGrace, csvIsConverted);
                }

                continue;
            }

            AddSealed(result, dataDir, dir, held, now, closeGrace, csvIsConverted);
        }

        result.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return result;
    }

    /// <summary><c>{stream}/symbol={SYMBOL}/date={YYYY-MM-DD}/</c> folders.</summary>
    private static IEnumerable<string> HivePartitions(string streamDir) =>
        Directory.EnumerateDirectories(streamDir)
            .Where(d => System.IO.Path.GetFileName(d).StartsWith(HiveSymbol, StringComparison.Ordinal))
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => !System.IO.Path.GetFileName(d).StartsWith('.'));

    /// <summary>The sealed files of one folder; a file's symbol, stream and day come from its name.</summary>
    private static void AddSealed(List<SealedFile> result, string dataDir, string dir, IReadOnlySet<string>? held, DateTimeOffset now, TimeSpan closeGrace, bool csvIsConverted)
    {
        var folderSymbol = System.IO.Path.GetFileName(dir);
        var hive = folderSymbol.StartsWith("date=", StringComparison.Ordinal);
        var names = Directory.EnumerateFiles(dir).Select(System.IO.Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var relativeFolder = System.IO.Path.GetRelativePath(dataDir, dir).Replace('\\', '/');
        foreach (var name in names)
        {
            if (!DayFilePaths.TryParseFileName(SealedFileRule.CsvName(name), out var stream, out var symbol, out var day)
                || (!hive && symbol != folderSymbol))
            {
                continue;
            }

            var relative = relativeFolder + "/" + name;
            if (!SealedFileRule.IsSealed(new SealContext(name, relative, day, now, closeGrace, csvIsConverted, held, names)))
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
}
