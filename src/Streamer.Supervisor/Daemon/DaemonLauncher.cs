using System.Diagnostics;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Daemon;

/// <summary>
/// Starts a detached copy of the supervisor: on Unix in a new session (<c>setsid</c>, so a closing
/// terminal does not take it along) with stdin from /dev/null and stdout and stderr appended to the
/// log file at the file-descriptor level (even a runtime crash message lands there).
/// </summary>
public static class DaemonLauncher
{
    private const string LogVariable = "STREAMER_DAEMON_LOG";

    // $0 is the program, "$@" its arguments: no quoting of user paths is ever needed.
    private const string RedirectScript = "exec \"$0\" \"$@\" </dev/null >>\"$" + LogVariable + "\" 2>&1";

    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];

    /// <summary>Starts <paramref name="spec"/> detached and returns its pid.</summary>
    /// <exception cref="IOException">The log file cannot be written.</exception>
    public static int Start(ChildSpec spec, string logFile)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            // Proves the log can be written before detaching: afterwards nobody would see why it failed.
            var dir = Path.GetDirectoryName(logFile);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            using var probe = new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write the log file {logFile} (daemon.log_file): {e.Message}", e);
        }

        var info = new ProcessStartInfo { UseShellExecute = false, CreateNoWindow = true };
        if (OperatingSystem.IsWindows())
        {
            // No sessions or fd redirection here: the daemonized process sends its own output to the log file.
            info.FileName = spec.FileName;
            foreach (var arg in spec.Arguments)
            {
                info.ArgumentList.Add(arg);
            }
        }
        else
        {
            var setsid = SetsidPaths.FirstOrDefault(File.Exists);
            info.FileName = setsid ?? "/bin/sh";
            if (setsid is not null)
            {
                info.ArgumentList.Add("/bin/sh");
            }

            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(RedirectScript);
            info.ArgumentList.Add(spec.FileName);
            foreach (var arg in spec.Arguments)
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment[LogVariable] = logFile;
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        if (spec.WorkingDirectory is not null)
        {
            info.WorkingDirectory = spec.WorkingDirectory;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("the daemon process did not start");
        return process.Id;
    }
}
