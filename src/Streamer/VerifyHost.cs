using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Verify;

namespace Streamer;

/// <summary>
/// Runs <c>streamer verify</c>: the configuration names the data directory (<c>storage.data_dir</c>),
/// the verifier does the rest. Ctrl+C stops it.
/// </summary>
internal static class VerifyHost
{
    public static async Task<int> RunAsync(VerifyFilesCommand command)
    {
        string dataDir;
        try
        {
            dataDir = ConfigLoader.Load(command.ConfigPath, checkDataDir: false).Storage.DataDir;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var ctrlC = new CtrlC();
        return await VerifyCommand.RunAsync(dataDir, [.. command.Args], Console.Out, Console.Error, ctrlC.Token).ConfigureAwait(false);
    }
}
