namespace Streamer.Supervisor.Cli;

/// <summary>
/// The command line cannot be understood. The message is one sentence for the user; the caller adds
/// the hint to run <c>streamer --help</c> and exits with <see cref="Streamer.Core.ExitCodes.Usage"/>.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
