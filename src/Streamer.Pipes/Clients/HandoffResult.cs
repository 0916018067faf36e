namespace Streamer.Pipes.Clients;

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

/// <summary>A writer outage that just ended, as seen by one client.</summary>
/// <param name="Downtime">How long the link was down (since the last connection ended, or since this client started).</param>
/// <param name="Resent">Frames sent now that were held meanwhile.</param>
/// <param name="Journalled">Of those, frames that were in the journal.</param>
/// <param name="Inherited">Frames a predecessor process journalled (its stop or crash), delivered first.</param>
public readonly record struct WriterOutage(TimeSpan Downtime, long Resent, long Journalled, long Inherited)
{
    /// <summary>The detail of the <c>events</c> row.</summary>
    public string Describe() => Inherited > 0
        ? FormattableString.Invariant($"{Inherited} frame(s) received by an earlier process and journalled at its stop or crash are written now, before this process's rows; {Resent} frame(s) pending in all")
        : FormattableString.Invariant($"writer unreachable for {Downtime.TotalSeconds:0.0}s (restarting or in a crash loop); {Resent} frame(s) held meanwhile ({Journalled} in the journal) are written now, late: their local_time_us is when they were received");
}
