using System.Buffers.Text;

namespace Streamer.Bench.Infrastructure;

/// <summary>Counts the simulator's ground-truth lines (one JSON object per line) at or after a given id.</summary>
internal static class TruthCount
{
    /// <summary>Lines of <c>{truthDir}/{symbol}/{stream}.jsonl</c> whose integer field <paramref name="key"/> is at least <paramref name="fromId"/>.</summary>
    public static long From(string truthDir, string symbol, string stream, string key, long fromId)
    {
        var file = Path.Combine(truthDir, symbol, stream + ".jsonl");
        if (!File.Exists(file))
        {
            return 0;
        }

        var needle = System.Text.Encoding.UTF8.GetBytes($"\"{key}\":");
        long count = 0;
        using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(fs);
        while (reader.ReadLine() is { } line)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            var at = bytes.AsSpan().IndexOf(needle);
            if (at >= 0 && Utf8Parser.TryParse(bytes.AsSpan(at + needle.Length), out long id, out _) && id >= fromId)
            {
                count++;
            }
        }

        return count;
    }
}
