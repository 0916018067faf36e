namespace Streamer.Supervisor.Daemon;

/// <summary>The end of the daemon log written since a start began: what a failed start shows the user.</summary>
internal static class LogTail
{
    private const int MaxBytes = 4096;

    public static string Read(string logFile, long from)
    {
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(from, stream.Length - MaxBytes), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            return text.EndsWith('\n') || text.Length == 0 ? text : text + "\n";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(cannot read {logFile}: {e.Message})\n";
        }
    }
}
