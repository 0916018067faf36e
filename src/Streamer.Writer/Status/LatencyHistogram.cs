using System.Globalization;

namespace Streamer.Writer.Status;

/// <summary>
/// Exchange-to-disk latency of data frames: from the frame's exchange time to the moment the writer
/// handed its rows to the OS. Fixed buckets, one writer thread (the engine loop) and a status reader,
/// no allocation per observation. Published as cumulative counters <c>latency_ms_le_{bound}</c>,
/// <c>latency_ms_le_inf</c> (the count) and <c>latency_ms_sum</c>, which the supervisor turns into the
/// Prometheus histogram <c>streamer_exchange_to_disk_latency_seconds</c>.
/// </summary>
/// <remarks>
/// Only meaningful when the exchange clock and the local clock agree (real Binance, or the simulator at
/// clock speed 1); a negative difference (exchange clock ahead) counts as 0.
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds of the buckets in milliseconds (5 ms to 60 s, roughly 1-2.5-5 steps).</summary>
    public static readonly long[] BoundsMs = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000];

    /// <summary>Prefix of the cumulative bucket counters in the status line.</summary>
    public const string BucketPrefix = "latency_ms_le_";

    /// <summary>Status counter of the sum of all observations in milliseconds.</summary>
    public const string SumCounter = "latency_ms_sum";

    private static readonly string[] BucketNames =
        [.. BoundsMs.Select(b => BucketPrefix + b.ToString(CultureInfo.InvariantCulture)), BucketPrefix + "inf"];

    // Non-cumulative counts per bucket; the last one is above the largest bound.
    private readonly long[] _counts = new long[BoundsMs.Length + 1];
    private long _sumMs;

    /// <summary>Records one frame written at <paramref name="writtenAtMs"/> whose exchange time is <paramref name="exchangeTimeMs"/>.</summary>
    public void Observe(long exchangeTimeMs, long writtenAtMs)
    {
        var latency = Math.Max(0, writtenAtMs - exchangeTimeMs);
        var i = 0;
        while (i < BoundsMs.Length && latency > BoundsMs[i])
        {
            i++;
        }

        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumMs, latency);
    }

    /// <summary>Frames observed so far.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>Adds the cumulative bucket counters and the sum to a status line's counters.</summary>
    public void AddTo(Dictionary<string, long> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        long cumulative = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            counters[BucketNames[i]] = cumulative;
        }

        counters[SumCounter] = Interlocked.Read(ref _sumMs);
    }
}
