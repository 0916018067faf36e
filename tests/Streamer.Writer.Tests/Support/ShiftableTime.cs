namespace Streamer.Writer.Tests.Support;

/// <summary>The system clock moved by an offset tests control; timers still run in real time.</summary>
internal sealed class ShiftableTime : TimeProvider
{
    private long _offsetTicks;

    public ShiftableTime(DateTimeOffset now) => SetNow(now);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void SetNow(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - base.GetUtcNow()).Ticks);
}
