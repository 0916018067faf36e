namespace Streamer.Supervisor.Cli;

/// <summary>
/// The command line cannot be understood. <see cref="Errors"/> are System.CommandLine's sentences (the first is the
/// <see cref="Exception.Message"/>), <see cref="Suggestions"/> its typo corrections, <see cref="HelpCommand"/> the help
/// that explains the command; the caller prints them and exits with <see cref="Streamer.Core.ExitCodes.Usage"/>.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException(IReadOnlyList<string> errors, string suggestions, string helpCommand)
        : base(errors is { Count: > 0 } ? errors[0] : "bad usage")
    {
        Errors = errors ?? [];
        Suggestions = suggestions;
        HelpCommand = helpCommand;
    }

    public UsageException(string message) : this([message], "", "streamer --help")
    {
    }

    public UsageException() : this("bad usage")
    {
    }

    public UsageException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = [message];
        Suggestions = "";
        HelpCommand = "streamer --help";
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>"'--statu' was not matched. Did you mean one of the following?" and the candidates, or empty.</summary>
    public string Suggestions { get; }

    /// <summary>The help to point to, e.g. <c>streamer verify --help</c>.</summary>
    public string HelpCommand { get; }
}
