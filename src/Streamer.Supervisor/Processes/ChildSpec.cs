namespace Streamer.Supervisor.Processes;

/// <summary>How to start one child process: program, arguments and extra environment.</summary>
/// <param name="FileName">Program to run.</param>
/// <param name="Arguments">Arguments, passed without any shell quoting.</param>
public sealed record ChildSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables added to (or overriding) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Working directory, or null for the supervisor's own.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The command as one line for logs.</summary>
    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
