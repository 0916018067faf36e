using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Logging;
using Streamer.Supervisor.Cli;
using Streamer.Upload;

namespace Streamer;

/// <summary>
/// Runs <c>streamer upload --once</c>: the configuration's <c>upload:</c> section and data directory, one round of
/// uploads, exit 0 only when nothing is left. The upload lock keeps it from racing a recorder's uploader.
/// </summary>
internal static class UploadHost
{
    public static async Task<int> RunAsync(UploadFilesCommand command)
    {
        if (await HostConfig.LoadAsync(command.ConfigPath).ConfigureAwait(false) is not { } config)
        {
            return ExitCodes.Usage;
        }

        using var loggers = StreamerLogging.Create(config.Logging.Level);
        using var ctrlC = new CtrlC();
        try
        {
            return await UploadOnce.RunAsync(config, command.Args, loggers, Console.Error, ctrlC.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctrlC.Token.IsCancellationRequested)
        {
            return ExitCodes.Failure;
        }
    }
}
