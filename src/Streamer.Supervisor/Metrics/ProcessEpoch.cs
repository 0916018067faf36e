namespace Streamer.Supervisor.Metrics;

/// <summary>
/// Which process of a child a total was counted by: a new pid or start time means the child was restarted
/// and its totals began again at 0. <see cref="Supervisor"/> is the epoch of numbers the supervisor itself
/// counts (restarts), which never change process.
/// </summary>
/// <param name="Pid">The child's process id.</param>
/// <param name="StartedAt">When that process started (tells a reused pid apart).</param>
internal readonly record struct ProcessEpoch(int? Pid, DateTimeOffset? StartedAt)
{
    /// <summary>Numbers counted by the supervisor, not by a child process.</summary>
    public static ProcessEpoch Supervisor => default;
}
