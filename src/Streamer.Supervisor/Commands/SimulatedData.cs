using Streamer.Core.Configuration;

namespace Streamer.Supervisor.Commands;

/// <summary>
/// Where <c>--simulate</c> records: a sibling of the configured data directory (<c>./data</c> →
/// <c>./data-simulated</c>). Simulated files have the same names as real ones, so writing them into the
/// real data directory would quietly mix a fake market into a user's dataset.
/// </summary>
public static class SimulatedData
{
    /// <summary>The simulated sibling of <paramref name="dataDir"/>.</summary>
    public static string DirectoryFor(string dataDir)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDir));
        return full + "-simulated";
    }

    /// <summary><paramref name="loaded"/> recording into the simulated sibling directory.</summary>
    public static LoadedConfig Redirect(LoadedConfig loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var config = loaded.Config;
        return loaded with
        {
            Config = config with { Storage = config.Storage with { DataDir = DirectoryFor(config.Storage.DataDir) } },
        };
    }
}
