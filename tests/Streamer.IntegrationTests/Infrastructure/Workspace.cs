using System.Globalization;
using System.Text;
using NUnit.Framework;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>A temporary folder with a config.yaml pointing at a simulator, and the data it records.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "streamer-it-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "config.yaml");

    public string DataDir => Path.Combine(Root, "data");

    public string TruthDir => Path.Combine(Root, "truth");

    /// <summary>Writes a config recording <paramref name="symbols"/> from the exchange at <paramref name="port"/>.</summary>
    public void WriteConfig(int port, IEnumerable<string> symbols, string streams = "[aggtrade, depth, kline_1m, bookticker]", string extra = "", string network = "", string supervisor = "", string storage = "",
        IEnumerable<string>? otherMarketSymbols = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("mode: development");
        sb.AppendLine("modes:");
        sb.AppendLine("  development:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    streams: {streams}");
        sb.AppendLine("    symbols:");
        foreach (var s in symbols)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"      - {s}");
        }

        foreach (var s in otherMarketSymbols ?? [])
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"      - {s}");
        }

        sb.AppendLine("network:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  rest_url: http://127.0.0.1:{port}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  public_ws_url: ws://127.0.0.1:{port}/public");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  market_ws_url: ws://127.0.0.1:{port}/market");
        foreach (var (id, path) in new[] { ("binance-cm", "cm"), ("binance-spot", "spot"), ("bybit-linear", "v5/public/linear") })
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {id}:");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    rest_url: http://127.0.0.1:{port}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    ws_url: ws://127.0.0.1:{port}/{path}");
        }

        sb.AppendLine("  reconnect_min_delay: 100ms");
        sb.AppendLine("  reconnect_max_delay: 2s");
        sb.Append(network);
        sb.AppendLine("storage:");
        sb.AppendLine("  data_dir: ./data");
        sb.Append(storage);
        sb.AppendLine("supervisor:");
        sb.AppendLine("  restart_min_delay: 200ms");
        sb.AppendLine("  start_stagger: 0ms");
        sb.Append(supervisor);
        sb.AppendLine("metrics:");
        sb.AppendLine("  listen: 127.0.0.1:0");
        sb.Append(extra);
        File.WriteAllText(ConfigPath, sb.ToString());
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("STREAMER_TEST_KEEP") == "1")
        {
            // Debugging a failure: keep the data, logs and truth for a look (the path is in the test output).
            TestContext.Progress.WriteLine($"kept workspace {Root}");
            return;
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
