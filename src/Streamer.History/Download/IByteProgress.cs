namespace Streamer.History.Download;

/// <summary>Told about bytes as they arrive, for the progress display.</summary>
internal interface IByteProgress
{
    /// <summary>The archive is <paramref name="bytes"/> long (still to come).</summary>
    void Length(long bytes);

    void Received(long bytes);
}
