namespace Streamer.Supervisor.Metrics;

/// <summary>
/// Where, within its bucket, to put observations known only by bucket: given how many new observations
/// each bucket got and what they add up to, one value per bucket such that every observation stays in its
/// bucket and the values add up to the sum. Used to replay a child's pre-aggregated histogram into a
/// prometheus-net <c>Histogram</c> (<see cref="LatencyReplay"/>).
/// </summary>
/// <remarks>
/// Bucket i holds values in (upper[i-1], upper[i]] (the first from 0, the last above the largest bound). All
/// finite buckets are placed at the same relative position t between their bounds, with t chosen so the
/// total is the sum. When even t = 1 is short of the sum the observations above the largest bound take the
/// rest (they are unbounded); when the sum cannot be met (it lags or leads the counts, which a child reads a
/// moment apart) t is clamped and the caller carries the difference to the next replay.
/// </remarks>
internal static class BucketPlacement
{
    /// <summary>One value per bucket (<paramref name="counts"/> has one more entry than <paramref name="upper"/>: the +Inf bucket).</summary>
    /// <param name="upper">Finite upper bounds, ascending, all positive.</param>
    /// <param name="counts">New observations per bucket (not cumulative), none negative.</param>
    /// <param name="sum">What they add up to.</param>
    public static double[] Place(IReadOnlyList<double> upper, IReadOnlyList<long> counts, double sum)
    {
        ArgumentNullException.ThrowIfNull(upper);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count != upper.Count + 1)
        {
            throw new ArgumentException("one count per bucket, +Inf included", nameof(counts));
        }

        var last = upper.Count;
        double atLower = 0, width = 0, atUpper = 0;
        for (var i = 0; i < last; i++)
        {
            atLower += counts[i] * Lower(upper, i);
            width += counts[i] * (upper[i] - Lower(upper, i));
            atUpper += counts[i] * upper[i];
        }

        var overflow = counts[last];
        var lowest = atLower + overflow * upper[last - 1];
        var values = new double[last + 1];
        if (overflow > 0 && sum > lowest + width)
        {
            // Finite buckets at their upper bounds; the observations above the largest bound carry the rest.
            for (var i = 0; i < last; i++)
            {
                values[i] = upper[i];
            }

            values[last] = Math.Max((sum - atUpper) / overflow, Math.BitIncrement(upper[last - 1]));
            return values;
        }

        var t = width > 0 ? Math.Clamp((sum - lowest) / width, 0, 1) : 0;
        for (var i = 0; i < last; i++)
        {
            var lower = Lower(upper, i);
            values[i] = Inside(lower + (t * (upper[i] - lower)), lower, upper[i], i == 0);
        }

        values[last] = Math.BitIncrement(upper[last - 1]);
        return values;
    }

    private static double Lower(IReadOnlyList<double> upper, int i) => i == 0 ? 0 : upper[i - 1];

    /// <summary>Rounding must not move a value across a bound: (lower, upper], or [0, upper] for the first bucket.</summary>
    private static double Inside(double value, double lower, double upper, bool first) =>
        Math.Min(upper, first ? Math.Max(lower, value) : Math.Max(Math.BitIncrement(lower), value));
}
