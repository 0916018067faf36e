using System.Globalization;

namespace Streamer.Supervisor.Daemon;

/// <summary>The daemon's pid file (<c>daemon.pid_file</c>): one line, the supervisor's pid.</summary>
public static class PidFile
{
    /// <summary>The pid in the file, or null when absent or unreadable.</summary>
    public static int? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="pid"/> atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it and the setting.</exception>
    public static void Write(string path, int pid)
    {
        try
        {
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            // Renamed into place: a reader never sees half a pid. Per-process name: two daemons of different
            // data directories sharing one pid_file (a mistake) must not write into each other's temp file.
            var temp = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(temp, pid.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write the pid file {path} (daemon.pid_file): {e.Message}", e);
        }
    }

    /// <summary>Deletes the file (when it names <paramref name="pid"/>, if given).</summary>
    public static void Delete(string path, int? pid = null)
    {
        if (pid is not null && Read(path) != pid)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale file is detected by its dead pid next time.
        }
    }
}
