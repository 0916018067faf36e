using System.Reflection;

namespace Streamer.Supervisor.Cli;

/// <summary>The words of <c>--help</c> that are not in the command definitions: banner, examples, exit codes.</summary>
public static class HelpText
{
    /// <summary>First line of <c>streamer --help</c>.</summary>
    public const string Banner = "streamer - records Binance USD-M futures market data to CSV (or Parquet) files";

    /// <summary>Printed after the options of <c>streamer --help</c>.</summary>
    public const string RootNotes = """
        Examples:
          streamer [-c config.yaml] [-v]                  record in the foreground (Ctrl+C stops gracefully)
          streamer --daemon start|stop|restart|status     run and control a background instance
          streamer --status [--json]                      status of the running instance, or of the configuration
          streamer --list-symbols                         configured symbols and their streams
          streamer --simulate [simulator options]         record from the built-in simulated exchange (offline)
          streamer verify [--date YYYY-MM-DD] [SYMBOL...] check recorded files for gaps and damage (exit 1: problems found)
          streamer history download --symbols A,B --from YYYY-MM-DD   fetch Binance's public dumps into the same files
          streamer history fill                           insert what the recording misses from the dumps
          streamer upload --once                          upload the sealed files to object storage now and exit
          streamer convert --to parquet                   closed CSV days into Parquet parts
          streamer simulate --help                        options of the simulated exchange
          streamer COMMAND --help                         help of one command

        Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration, 3 not running.
        Reload: edit config.yaml (or send SIGHUP) to start or stop workers without a restart.
        Completion (bash): source <(streamer completion bash)

        """;

    /// <summary>The informational version of this build.</summary>
    public static string Version() =>
        typeof(HelpText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
