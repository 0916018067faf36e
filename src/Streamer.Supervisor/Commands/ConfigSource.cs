using Streamer.Core.Configuration;

namespace Streamer.Supervisor.Commands;

/// <summary>A validated configuration together with the exact text it was read from.</summary>
/// <param name="Config">The configuration.</param>
/// <param name="Text">The file's text (so a snapshot holds exactly what was validated).</param>
public sealed record LoadedConfig(StreamerConfig Config, string Text);

/// <summary>Reads <c>config.yaml</c> once and validates that same text.</summary>
public static class ConfigSource
{
    /// <summary>Loads and validates <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, unreadable or invalid.</exception>
    public static LoadedConfig Load(string path, bool checkDataDir)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException($"{path}: configuration file not found (use -c to name another file)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the configuration file: {e.Message}");
        }

        return new LoadedConfig(ConfigLoader.Parse(text, full, checkDataDir), text);
    }
}
