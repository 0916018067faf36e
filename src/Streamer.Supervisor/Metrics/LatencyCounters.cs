using System.Globalization;
using Streamer.Core.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// Reads the writer's exchange-to-disk latency histogram from its status line. The writer
/// (<c>Streamer.Writer.Status.LatencyHistogram</c>) publishes cumulative counters
/// <c>latency_ms_le_{bound}</c>, <c>latency_ms_le_inf</c> and <c>latency_ms_sum</c>; the bounds are read
/// from the names, so the writer can change its buckets without the supervisor knowing them.
/// </summary>
public static class LatencyCounters
{
    /// <summary>Prefix of a cumulative bucket counter.</summary>
    public const string BucketPrefix = "latency_ms_le_";

    /// <summary>Sum of all observations in milliseconds.</summary>
    public const string SumCounter = "latency_ms_sum";

    private const string InfSuffix = "inf";

    /// <summary>The histogram in a status report, or null when it has none.</summary>
    public static LatencyBuckets? Read(ChildStatus report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buckets = new List<(double UpperSeconds, long Count)>();
        long? count = null;
        foreach (var (name, value) in report.Counters)
        {
            if (!name.StartsWith(BucketPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var bound = name.AsSpan(BucketPrefix.Length);
            if (bound.SequenceEqual(InfSuffix))
            {
                count = value;
            }
            else if (long.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                buckets.Add((ms / 1000.0, value));
            }
        }

        if (count is null || !report.Counters.TryGetValue(SumCounter, out var sumMs))
        {
            return null;
        }

        buckets.Sort((a, b) => a.UpperSeconds.CompareTo(b.UpperSeconds));
        return new LatencyBuckets(buckets, count.Value, sumMs / 1000.0);
    }
}

/// <summary>A cumulative histogram as Prometheus wants it.</summary>
/// <param name="Buckets">Upper bound in seconds and the count of observations at or below it, ascending.</param>
/// <param name="Count">All observations (the +Inf bucket).</param>
/// <param name="SumSeconds">Sum of all observations.</param>
public sealed record LatencyBuckets(IReadOnlyList<(double UpperSeconds, long Count)> Buckets, long Count, double SumSeconds);
