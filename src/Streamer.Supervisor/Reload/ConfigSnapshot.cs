using Streamer.Core.Configuration;
using Streamer.Supervisor.Commands;
using YamlDotNet.RepresentationModel;

namespace Streamer.Supervisor.Reload;

/// <summary>
/// The configuration children read: a copy of the last text the supervisor validated, with its relative
/// paths made absolute (the copy lives elsewhere). A child restarted while the user is halfway through
/// editing config.yaml therefore still gets the configuration that is running, never a broken file.
/// </summary>
public static class ConfigSnapshot
{
    /// <summary>Writes the snapshot into <paramref name="runDirectory"/> (atomically) and returns its path.</summary>
    public static string Write(LoadedConfig loaded, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var stream = new YamlStream();
        stream.Load(new StringReader(loaded.Text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException($"{loaded.Config.SourcePath}: the configuration is empty");
        }

        var config = loaded.Config;
        Set(root, "storage", "data_dir", config.Storage.DataDir);
        Set(root, "daemon", "pid_file", config.Daemon.PidFile);
        Set(root, "daemon", "log_file", config.Daemon.LogFile);

        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, "config.yaml");
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, append: false))
        {
            writer.WriteLine($"# Copy of {config.SourcePath} as validated by the running supervisor; children read this file. Edit the original.");
            stream.Save(writer, assignAnchors: false);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static void Set(YamlMappingNode root, string section, string key, string value)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is not YamlMappingNode mapping)
        {
            mapping = new YamlMappingNode();
            root.Children[new YamlScalarNode(section)] = mapping;
        }

        mapping.Children[new YamlScalarNode(key)] = new YamlScalarNode(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
    }
}
