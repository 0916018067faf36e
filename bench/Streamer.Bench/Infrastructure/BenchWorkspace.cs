using System.Globalization;
using System.Text;

namespace Streamer.Bench.Infrastructure;

/// <summary>A temporary folder holding one run's config.yaml, data, logs and (optionally) ground truth.</summary>
internal sealed class BenchWorkspace : IDisposable
{
    public BenchWorkspace(string name)
    {
        Root = Path.Combine(Path.GetTempPath(), $"streamer-bench-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "config.yaml");

    public string DataDir => Path.Combine(Root, "data");

    public string TruthDir => Path.Combine(Root, "truth");

    public string GcDir => Path.Combine(Root, "gc");

    /// <summary>Writes a config recording <paramref name="symbols"/> from the simulator at <paramref name="port"/>.</summary>
    /// <param name="port">Simulator port.</param>
    /// <param name="symbols">Symbols (bare names: all share <paramref name="streams"/>).</param>
    /// <param name="streams">Config stream names, e.g. <c>[aggtrade, depth, bookticker]</c>.</param>
    /// <param name="depthSpeed">network.depth_speed: 0ms, 100ms, ...</param>
    /// <param name="startStagger">supervisor.start_stagger (the shipped default is 100ms).</param>
    /// <param name="depthSnapshot">Record REST snapshots (costs REST weight at start).</param>
    public void WriteConfig(int port, IEnumerable<string> symbols, string streams, string depthSpeed, string startStagger = "100ms", bool depthSnapshot = true, int symbolsPerWorker = 1)
    {
        var sb = new StringBuilder();
        sb.AppendLine("mode: development");
        sb.AppendLine("modes:");
        sb.AppendLine("  development:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    streams: {streams}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    depth_snapshot: {(depthSnapshot ? "true" : "false")}");
        sb.AppendLine("    symbols:");
        foreach (var s in symbols)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"      - {s}");
        }

        sb.AppendLine("network:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  rest_url: http://127.0.0.1:{port}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  public_ws_url: ws://127.0.0.1:{port}/public");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  market_ws_url: ws://127.0.0.1:{port}/market");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  depth_speed: {depthSpeed}");
        sb.AppendLine("storage:");
        sb.AppendLine("  data_dir: ./data");
        AppendExtraKeys(sb, "STREAMER_BENCH_STORAGE");
        sb.AppendLine("supervisor:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  start_stagger: {startStagger}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  symbols_per_worker: {symbolsPerWorker}");
        AppendExtraKeys(sb, "STREAMER_BENCH_SUPERVISOR");
        sb.AppendLine("metrics:");
        sb.AppendLine("  listen: 127.0.0.1:0");
        sb.AppendLine("daemon:");
        sb.AppendLine("  pid_file: ./streamer.pid");
        sb.AppendLine("  log_file: ./streamer.log");
        File.WriteAllText(ConfigPath, sb.ToString());
    }

    /// <summary>
    /// A/B of a config key without a rebuild: e.g. <c>STREAMER_BENCH_STORAGE='handoff_batch: 0ms'</c> adds that key to the
    /// storage section (several keys separated by <c>;</c>).
    /// </summary>
    private static void AppendExtraKeys(StringBuilder sb, string variable)
    {
        foreach (var key in (Environment.GetEnvironmentVariable(variable) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {key}");
        }
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("STREAMER_BENCH_KEEP") == "1")
        {
            Console.Error.WriteLine($"bench: workspace kept at {Root} (STREAMER_BENCH_KEEP=1)");
            return; // To read the events files and logs of a run that lost data.
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A straggling child may still hold a file; the OS temp cleaner gets it.
        }
    }
}
