namespace Streamer.Verify.Tests;

/// <summary>A clock stopped at a chosen instant, so "today's live file" is deterministic.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
