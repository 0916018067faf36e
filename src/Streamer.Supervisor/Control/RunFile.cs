using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamer.Supervisor.Control;

/// <summary>
/// <c>{data_dir}/.streamer/supervisor.json</c>: which supervisor records into this data directory, its
/// control pipe and its children's pids. <c>--status</c> finds the supervisor through it; a new
/// supervisor uses it to refuse a second instance and to clean up the children of a crashed one.
/// Written at start and on every child start or exit, deleted at exit.
/// </summary>
public static class RunFile
{
    /// <summary>The supervisor's folder inside the data directory.</summary>
    public static string DirectoryFor(string dataDir) => Path.Combine(dataDir, ".streamer");

    /// <summary>Path of the run file.</summary>
    public static string PathFor(string dataDir) => Path.Combine(DirectoryFor(dataDir), "supervisor.json");

    /// <summary>Reads the run file; null when absent or damaged.</summary>
    public static RunInfo? TryRead(string dataDir)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(PathFor(dataDir)), RunFileJson.Default.RunInfo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the run file atomically.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string dataDir, RunInfo info)
    {
        Directory.CreateDirectory(DirectoryFor(dataDir));
        var path = PathFor(dataDir);
        var temp = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(info, RunFileJson.Default.RunInfo));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Deletes the run file if it belongs to <paramref name="pid"/>.</summary>
    public static void DeleteIfOwned(string dataDir, int pid)
    {
        if (TryRead(dataDir)?.Pid == pid)
        {
            try
            {
                File.Delete(PathFor(dataDir));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind; the next start sees a dead pid and ignores it.
            }
        }
    }
}

/// <summary>Contents of the run file.</summary>
/// <param name="Pid">Supervisor pid (also the run id).</param>
/// <param name="StartedAt">When the supervisor started.</param>
/// <param name="ControlPipe">Name of the control pipe.</param>
/// <param name="ConfigPath">Configuration file the supervisor runs.</param>
/// <param name="Children">Current child processes.</param>
public sealed record RunInfo(int Pid, DateTimeOffset StartedAt, string ControlPipe, string ConfigPath, List<RunChild> Children);

/// <summary>One child in the run file.</summary>
public sealed record RunChild(string Name, int Pid);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(RunInfo))]
internal sealed partial class RunFileJson : JsonSerializerContext;
