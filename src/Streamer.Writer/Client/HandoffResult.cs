namespace Streamer.Writer.Client;

/// <summary>What became of a client's unacknowledged frames when it closed.</summary>
/// <param name="Journalled">Frames left in the journal for whoever runs the source next.</param>
/// <param name="Lost">Frames that could be neither written nor journalled (the journal's disk refused).</param>
/// <param name="Durable">The journal was fsynced (false: it survives this process, perhaps not an OS crash).</param>
public readonly record struct HandoffResult(long Journalled, long Lost, bool Durable = true)
{
    /// <summary>Every frame is written or durably journalled.</summary>
    public bool Safe => Lost == 0 && Durable;
}

/// <summary>Where a client's unacknowledged frames are right now.</summary>
/// <param name="MemoryFrames">Frames in memory only.</param>
/// <param name="MemoryBytes">Their bytes.</param>
/// <param name="JournalFrames">Frames in the journal.</param>
/// <param name="JournalBytes">Bytes of the journal's segments.</param>
public readonly record struct HandoffBacklog(long MemoryFrames, long MemoryBytes, long JournalFrames, long JournalBytes);
