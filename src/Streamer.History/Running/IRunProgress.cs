using Streamer.History.Download;

namespace Streamer.History.Running;

/// <summary>What a run tells its progress display. Called from concurrent downloads.</summary>
internal interface IRunProgress : IByteProgress
{
    /// <summary>The run will handle <paramref name="days"/> days in all.</summary>
    void Planned(int days);

    /// <summary>An archive is being fetched or read.</summary>
    void Working(string label);

    void Done(DayOutcome outcome);

    /// <summary>Bytes received so far, for the summary.</summary>
    long Bytes { get; }
}
