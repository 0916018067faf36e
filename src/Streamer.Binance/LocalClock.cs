namespace Streamer.Binance;

/// <summary>Local receive times as written in <c>local_time_us</c>.</summary>
public static class LocalClock
{
    /// <summary>Microseconds since the Unix epoch, now.</summary>
    public static long MicrosecondsNow(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
    }
}
