using System.Reflection;
using System.Text;

namespace Streamer.Supervisor.Cli;

/// <summary>The <c>--help</c> text, generated from <see cref="CliOptions"/> so it cannot drift from the parser.</summary>
public static class HelpText
{
    private static readonly List<(string Command, string Description)> Usages =
    [
        ("streamer [-c config.yaml] [-v]", "record in the foreground (Ctrl+C stops gracefully)"),
        ("streamer --daemon start|stop|restart|status", "run and control a background instance"),
        ("streamer --status [--json]", "status of the running instance, or of the configuration"),
        ("streamer --list-symbols", "configured symbols and their streams"),
        ("streamer --simulate [simulator options]", "record from the built-in simulated exchange (offline)"),
        ("streamer verify [--date YYYY-MM-DD] [SYMBOL...]", "check recorded files for gaps and damage (exit 1: problems found)"),
        ("streamer verify --help", "options of verify"),
        ("streamer history download --symbols A,B --from YYYY-MM-DD", "fetch Binance's public dumps (aggTrades, klines) into the same files"),
        ("streamer history fill", "insert what the recording misses (streamer verify's gaps) from the dumps"),
        ("streamer history --help", "options of history"),
        ("streamer upload --once", "upload the sealed files to object storage now and exit (exit 1: some left)"),
        ("streamer simulate --help", "options of the simulated exchange"),
    ];

    /// <summary>The whole help text, ending with a newline.</summary>
    public static string Build()
    {
        var sb = new StringBuilder();
        sb.Append("streamer - records Binance USD-M futures market data to CSV files\n\nUsage:\n");
        AppendColumns(sb, Usages);
        sb.Append("\nOptions:\n");
        AppendColumns(sb, CliOptions.All.Where(o => !o.Hidden).Select(o => (o.Synopsis, o.Description)).ToList());
        sb.Append("""

            Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration, 3 not running.
            Reload: edit config.yaml (or send SIGHUP) to start or stop workers without a restart.

            """);
        return sb.ToString().ReplaceLineEndings("\n");
    }

    private static void AppendColumns(StringBuilder sb, IReadOnlyList<(string Left, string Right)> rows)
    {
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, right) in rows)
        {
            sb.Append("  ").Append(left.PadRight(width)).Append(right).Append('\n');
        }
    }

    /// <summary>The informational version of this build.</summary>
    public static string Version() =>
        typeof(HelpText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
