namespace Streamer.Supervisor.Supervision;

/// <summary>The supervisor's view of a child (the child's own state, e.g. streaming, comes from its status line).</summary>
public enum ChildState
{
    /// <summary>Not started yet.</summary>
    Pending,
    /// <summary>The process is running.</summary>
    Running,
    /// <summary>Exited unexpectedly; waits for its restart delay.</summary>
    Restarting,
    /// <summary>Exited too often within the crash-loop window; retried every crash_loop_delay.</summary>
    CrashLoop,
    /// <summary>A worker whose symbol the exchange does not list; not restarted.</summary>
    Rejected,
    /// <summary>Asked to stop; waiting for it to exit.</summary>
    Stopping,
    /// <summary>Stopped by the supervisor.</summary>
    Stopped,
}

/// <summary>Display names of <see cref="ChildState"/>.</summary>
public static class ChildStates
{
    /// <summary>Lower-case name used in status output and JSON.</summary>
    public static string Name(ChildState state) => state switch
    {
        ChildState.Pending => "pending",
        ChildState.Running => "running",
        ChildState.Restarting => "restarting",
        ChildState.CrashLoop => "crash-loop",
        ChildState.Rejected => "rejected",
        ChildState.Stopping => "stopping",
        ChildState.Stopped => "stopped",
        _ => "unknown",
    };
}
