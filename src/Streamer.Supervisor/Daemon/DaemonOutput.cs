namespace Streamer.Supervisor.Daemon;

/// <summary>Windows only: the daemonized process has no inherited log file, so it sends its console output there itself.</summary>
internal static class DaemonOutput
{
    public static void RedirectConsole(string logFile)
    {
        var dir = Path.GetDirectoryName(logFile);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var writer = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var synchronized = TextWriter.Synchronized(writer);
        Console.SetOut(synchronized);
        Console.SetError(synchronized);
    }
}
