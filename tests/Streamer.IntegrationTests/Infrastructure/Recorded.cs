namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>Reads what the recorder wrote under a data directory.</summary>
internal static class Recorded
{
    /// <summary>
    /// Csv files of one stream and symbol, oldest day (and hour) first: <c>{SYMBOL}/</c>, and the open parts of a hive
    /// Parquet recording in <c>.staging/{SYMBOL}/</c>.
    /// </summary>
    public static string[] Files(string dataDir, string symbol, string stream) =>
        [.. new[] { Path.Combine(dataDir, symbol), Path.Combine(dataDir, ".staging", symbol) }
            .Where(Directory.Exists)
            .SelectMany(dir => Directory.GetFiles(dir, $"{stream}_{symbol}_*.csv"))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)];

    /// <summary>Data rows (header dropped) of every file of a stream, split into fields; complete lines only.</summary>
    public static List<string[]> Rows(string dataDir, string symbol, string stream)
    {
        var rows = new List<string[]>();
        foreach (var file in Files(dataDir, symbol, stream))
        {
            foreach (var line in ReadCompleteLines(file).Skip(1))
            {
                rows.Add(line.Split(','));
            }
        }

        return rows;
    }

    /// <summary>Lines of a file that end in a newline (a row being written is not yet a row).</summary>
    public static List<string> ReadCompleteLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : [.. text[..end].Split('\n')];
    }

    public static int RowCount(string dataDir, string symbol, string stream) => Rows(dataDir, symbol, stream).Count;
}
