using System.Text.Json;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>The simulator's ground truth: every payload it generated, one JSON object per line.</summary>
internal static class Truth
{
    public static List<JsonElement> Read(string truthDir, string symbol, string stream)
    {
        var file = Path.Combine(truthDir, symbol, stream + ".jsonl");
        if (!File.Exists(file))
        {
            return [];
        }

        using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(fs);
        var result = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                result.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        return result;
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).ValueKind switch
    {
        JsonValueKind.String => e.GetProperty(name).GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetProperty(name).GetRawText(),
    };

    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
}
