using Prometheus;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// The writer's exchange-to-disk latency as a prometheus-net <c>Histogram</c>.
/// </summary>
/// <remarks>
/// The observations happen in the writer process, which sends only cumulative bucket counts and a sum on its
/// status line (<see cref="LatencyCounters"/>). prometheus-net has no way to set a histogram's buckets from
/// outside (no public custom collector, the bucket counts are private); its one entry point is
/// <c>Observe(value, count)</c>. So each update replays what is new since the previous one: per bucket, the
/// new observations are observed with a value inside that bucket (<see cref="BucketPlacement"/>), chosen so
/// that the values add up to the new part of the writer's sum. The exposed buckets, <c>_count</c> and
/// <c>_sum</c> are therefore exactly the writer's (accumulated across writer restarts, so they never go
/// backwards); only where an observation lies within its bucket is unknown, as it is to any histogram.
/// Whatever part of the sum could not be placed yet (the writer reads counts and sum a moment apart) is
/// carried to the next update, so the sum does not drift. The bounds come from the first report (the writer
/// is the same executable, so they do not change within a run); a report with other bounds is not replayed.
/// </remarks>
internal sealed class LatencyReplay(MetricFactory factory)
{
    /// <summary>Name of the histogram.</summary>
    public const string Name = "streamer_exchange_to_disk_latency_seconds";

    private const string Help = "Exchange time of a data frame to the moment the writer handed its rows to the OS (meaningful when the exchange and local clocks agree).";

    private Histogram? _histogram;
    private double[] _upper = [];
    private MonotonicTotal[] _cumulative = [];
    private long[] _replayed = [];
    private readonly MonotonicTotal _sumMs = new();
    private double _replayedSum;

    /// <summary>Folds the writer's latest histogram, counted by its process <paramref name="epoch"/>.</summary>
    public void Fold(ProcessEpoch epoch, LatencyBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var upper = buckets.Buckets.Select(b => b.UpperSeconds).ToArray();
        if (_histogram is null)
        {
            if (upper.Length == 0)
            {
                return;
            }

            _upper = upper;
            _cumulative = [.. Enumerable.Range(0, upper.Length + 1).Select(_ => new MonotonicTotal())];
            _replayed = new long[upper.Length + 1];
            _histogram = factory.CreateHistogram(Name, Help, new HistogramConfiguration { Buckets = upper });
        }
        else if (!upper.SequenceEqual(_upper))
        {
            return;
        }

        // Accumulated cumulative counts (the last one, +Inf, is the count), then what each bucket has not had yet.
        var cumulative = new long[upper.Length + 1];
        for (var i = 0; i < upper.Length; i++)
        {
            cumulative[i] = _cumulative[i].Fold(epoch, buckets.Buckets[i].Count);
        }

        cumulative[upper.Length] = _cumulative[upper.Length].Fold(epoch, buckets.Count);
        var fresh = new long[cumulative.Length];
        for (var i = 0; i < cumulative.Length; i++)
        {
            var inBucket = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
            fresh[i] = Math.Max(0, inBucket - _replayed[i]);
        }

        var targetSum = _sumMs.Fold(epoch, (long)Math.Round(buckets.SumSeconds * 1000)) / 1000.0;
        if (fresh.All(n => n == 0))
        {
            return;
        }

        var values = BucketPlacement.Place(_upper, fresh, targetSum - _replayedSum);
        for (var i = 0; i < fresh.Length; i++)
        {
            if (fresh[i] > 0)
            {
                _histogram.Observe(values[i], fresh[i]);
                _replayed[i] += fresh[i];
            }
        }

        // What the histogram really added (values may have been clamped into their buckets), not the target.
        _replayedSum = _histogram.Sum;
    }
}
