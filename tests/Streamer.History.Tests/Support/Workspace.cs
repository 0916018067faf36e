using Streamer.Core.Streams;

namespace Streamer.History.Tests.Support;

/// <summary>A working folder with a config.yaml, a data directory and a dump tree next to it.</summary>
internal sealed class Workspace : IDisposable
{
    private readonly TempDir _dir = new();

    public Workspace(string? baseUrl = null)
    {
        Dumps = new DumpTree(_dir.Sub("dumps"));
        DataDir = Path.Combine(_dir.Path, "data");
        WriteConfig(baseUrl ?? "https://data.binance.vision");
    }

    public string Root => _dir.Path;

    public string DataDir { get; }

    public DumpTree Dumps { get; }

    public string ConfigPath => Path.Combine(Root, "config.yaml");

    public void WriteConfig(string baseUrl) => File.WriteAllText(ConfigPath, $"""
        mode: development
        modes:
          development:
            symbols: [{RealRows.Symbol}]
        storage:
          data_dir: ./data
        history:
          base_url: {baseUrl}
        """);

    public string DayFile(StreamInfo stream, DateOnly day, string symbol = RealRows.Symbol) =>
        Path.Combine(DataDir, symbol, StreamCatalog.FileName(stream, symbol, day));

    /// <summary>Every file under the data directory (the history state folder excluded) with its bytes and time.</summary>
    public Dictionary<string, (byte[] Bytes, DateTime Written)> Snapshot() =>
        Directory.Exists(DataDir)
            ? Directory.EnumerateFiles(DataDir, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.history{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .ToDictionary(f => Path.GetRelativePath(DataDir, f), f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)))
            : [];

    public void Dispose() => _dir.Dispose();
}
