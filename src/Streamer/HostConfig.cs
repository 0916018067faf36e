using Streamer.Core.Configuration;

namespace Streamer;

/// <summary>Loading the configuration for a command or role: a bad file is one <c>error: ...</c> line, and the caller exits 2.</summary>
internal static class HostConfig
{
    /// <summary>The configuration, or null after printing why it cannot be used.</summary>
    public static async Task<StreamerConfig?> LoadAsync(string path)
    {
        try
        {
            return ConfigLoader.Load(path, checkDataDir: false);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return null;
        }
    }
}
