using System.Diagnostics;

namespace Streamer.Simulator.Clock;

/// <summary>
/// The exchange's notion of time. It may start at any instant and run faster than real time so
/// a test crosses a UTC midnight or a minute boundary in milliseconds; every exchange timestamp
/// (E, T, kline boundaries, funding time) comes from here, never from the machine clock.
/// </summary>
internal sealed class SimulationClock
{
    private readonly long _startMicros;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    public SimulationClock(DateTimeOffset start, double speed)
    {
        _startMicros = start.ToUnixTimeMilliseconds() * 1000;
        Speed = speed;
    }

    public double Speed { get; }

    public long StartMicros => _startMicros;

    /// <summary>Exchange time in microseconds since the Unix epoch.</summary>
    public long NowMicros => _startMicros + (long)(Stopwatch.GetElapsedTime(_startTimestamp).Ticks / 10.0 * Speed);

    /// <summary>Exchange time in milliseconds since the Unix epoch.</summary>
    public long NowMillis => NowMicros / 1000;

    /// <summary>The real time until the exchange clock reaches <paramref name="micros"/>.</summary>
    public TimeSpan RealTimeUntil(long micros)
    {
        var exchangeMicros = micros - NowMicros;
        return exchangeMicros <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(exchangeMicros * 10 / Speed));
    }
}
