namespace Streamer.Pipes.Framing;

/// <summary>
/// The peer sent bytes that are not a valid frame. The reader closes that connection with this
/// message as the logged reason; it is never allowed to take the process down.
/// </summary>
public sealed class FrameFormatException : Exception
{
    public FrameFormatException(string message) : base(message)
    {
    }

    public FrameFormatException()
    {
    }

    public FrameFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
