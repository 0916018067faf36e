namespace Streamer.Supervisor.Supervision;

/// <summary>The supervisor cannot start recording; the message tells the user why and what to do.</summary>
public sealed class SupervisorStartException : Exception
{
    public SupervisorStartException(string message) : base(message)
    {
    }

    public SupervisorStartException()
    {
    }

    public SupervisorStartException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
