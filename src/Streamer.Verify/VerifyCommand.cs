namespace Streamer.Verify;

/// <summary><c>streamer verify</c>: checks recorded files for gaps, duplicates and damage.</summary>
public static class VerifyCommand
{
    /// <summary>Runs the command; returns 0 only when every checked file is clean.</summary>
    public static Task<int> RunAsync(string dataDir, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine("verify: not built yet");
        return Task.FromResult(1);
    }
}
