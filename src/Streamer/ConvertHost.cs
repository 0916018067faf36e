using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Storage.Convert;
using Streamer.Supervisor.Cli;
using Streamer.Writer.Durability;

namespace Streamer;

/// <summary>
/// Runs <c>streamer convert</c>: the configuration names the data directory and the Parquet layout, the storage
/// library does the rest. Ctrl+C stops it between files (a file being converted is left as it was).
/// </summary>
internal static class ConvertHost
{
    public static async Task<int> RunAsync(ConvertFilesCommand command)
    {
        StorageConfig storage;
        try
        {
            storage = ConfigLoader.Load(command.ConfigPath, checkDataDir: false).Storage;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var ctrlC = new CtrlC();
        try
        {
            // A damaged checkpoint (null) is ignored by the writer's recovery too: then nothing is held.
            var held = HeldFiles.Read(storage.DataDir) ?? new HashSet<string>(StringComparer.Ordinal);
            return await ConvertCommand.RunAsync(storage.DataDir, storage.Layout, [.. command.Args], Console.Out, Console.Error, TimeProvider.System, ctrlC.Token, held).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
    }
}
