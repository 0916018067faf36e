using Streamer.Core.Status;

namespace Streamer.Pipes.Clients;

/// <summary>
/// The status-line counters of a writer link (worker symbol or order book symbol), one name each, read by the
/// supervisor's status table, <c>/metrics</c> and the stop summary.
/// </summary>
public static class HandoffCounters
{
    /// <summary>Unacknowledged frames held in memory (lost if the process is killed).</summary>
    public const string MemoryFrames = "handoff_memory_frames";

    /// <summary>Unacknowledged frames in the source's journal on disk.</summary>
    public const string JournalFrames = "journal_frames";

    /// <summary>Bytes of the journal's segments.</summary>
    public const string JournalBytes = "journal_bytes";

    /// <summary>Final status only: frames journalled at the stop for the next start.</summary>
    public const string StopJournalled = "stop_journalled_frames";

    /// <summary>Final status only: frames neither written nor durably journalled at the stop.</summary>
    public const string StopLost = "stop_lost_frames";

    /// <summary>Adds the live backlog.</summary>
    public static void Add(ChildStatus status, HandoffBacklog backlog)
    {
        ArgumentNullException.ThrowIfNull(status);
        status.Counters[MemoryFrames] = backlog.MemoryFrames;
        status.Counters[JournalFrames] = backlog.JournalFrames;
        status.Counters[JournalBytes] = backlog.JournalBytes;
    }

    /// <summary>Adds what the stop did with the backlog.</summary>
    public static void AddFinal(ChildStatus status, HandoffResult handoff)
    {
        ArgumentNullException.ThrowIfNull(status);
        status.Counters[StopJournalled] = handoff.Journalled;
        status.Counters[StopLost] = handoff.Lost + (handoff.Durable ? 0 : handoff.Journalled);
        status.Counters[MemoryFrames] = 0;
        status.Counters[JournalFrames] = handoff.Journalled;
    }
}
