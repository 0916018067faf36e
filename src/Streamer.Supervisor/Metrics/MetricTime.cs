namespace Streamer.Supervisor.Metrics;

/// <summary>Durations as the metrics and <c>/health</c> give them: seconds, to the millisecond.</summary>
internal static class MetricTime
{
    /// <summary>A span in seconds, rounded to milliseconds.</summary>
    public static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    /// <summary>Seconds from a local receive time (µs since the epoch) to <paramref name="now"/>; never negative.</summary>
    public static double AgeSeconds(DateTimeOffset now, long localTimeUs) =>
        Math.Max(0, Math.Round((now.ToUnixTimeMilliseconds() * 1000 - localTimeUs) / 1e6, 3));
}
