using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Logging;
using Streamer.History;
using Streamer.Supervisor.Cli;

namespace Streamer;

/// <summary>
/// Runs <c>streamer history download|fill</c>: the configuration gives the data directory
/// (<c>storage.data_dir</c>), the dump server (<c>history.base_url</c>), the writer's close grace and the
/// symbols; the history library does the rest. Ctrl+C stops it (interrupted downloads resume next time).
/// </summary>
internal static class HistoryHost
{
    public static async Task<int> RunAsync(HistoryFilesCommand command)
    {
        HistorySettings settings;
        var level = Microsoft.Extensions.Logging.LogLevel.Information;
        try
        {
            var config = ConfigLoader.Load(command.ConfigPath, checkDataDir: false);
            settings = new HistorySettings(config.Storage.DataDir, config.History.BaseUrl, config.Storage.CloseGrace, [.. config.EnabledSymbols.Select(s => s.Symbol)]);
            level = config.Logging.Level;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var ctrlC = new CtrlC();
        using var logs = StreamerLogging.Create(level);
        try
        {
            return await HistoryCommand.RunAsync(settings, [.. command.Args], Console.Out, Console.Error, logs.CreateLogger("history"), ctrlC.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctrlC.Token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("history: interrupted; run the same command again to resume").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
