using Prometheus;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// The counters of the exposition, folded from totals that children count since their process started.
/// Each series accumulates across restarts (<see cref="MonotonicTotal"/>) and is only ever raised
/// (<c>IncTo</c>), so it never goes backwards. A series stays while its source (a child: role and symbol)
/// exists, even while that child is down; once the source has been gone for the retirement period (a symbol
/// removed by a reload, an order book switched off) its series are removed. The period bridges the moment of
/// a reload in which a restarted worker is stopped and not yet started again, so that restart does not
/// look like a new series.
/// </summary>
internal sealed class CounterSeries(MetricFactory factory, TimeSpan retireAfter)
{
    private readonly Dictionary<(string Family, string Shape), Counter> _collectors = [];
    private readonly Dictionary<(string Family, string Key), Series> _series = [];
    private readonly Dictionary<string, DateTimeOffset> _sourceSeenAt = new(StringComparer.Ordinal);

    /// <summary>Folds the latest <paramref name="value"/> of one series, counted by process <paramref name="epoch"/> of <paramref name="source"/>.</summary>
    public void Fold(string family, string help, string source, SeriesLabels labels, ProcessEpoch epoch, long value)
    {
        var key = (family, labels.Key);
        if (!_series.TryGetValue(key, out var series))
        {
            var shape = labels.Shape;
            if (!_collectors.TryGetValue((family, shape), out var counter))
            {
                counter = factory.CreateCounter(family, help, labels.Names);
                _collectors[(family, shape)] = counter;
            }

            series = new Series(counter, labels.Values, source);
            _series[key] = series;
        }

        series.Counter.WithLabels(series.Values).IncTo(series.Total.Fold(epoch, value));
    }

    /// <summary>The sources in this snapshot are alive at <paramref name="now"/>; series of sources gone longer than the retirement period are removed.</summary>
    public void Retire(IEnumerable<string> present, DateTimeOffset now)
    {
        foreach (var source in present)
        {
            _sourceSeenAt[source] = now;
        }

        foreach (var (key, series) in _series.ToList())
        {
            if (!_sourceSeenAt.TryGetValue(series.Source, out var seen) || now - seen > retireAfter)
            {
                series.Counter.RemoveLabelled(series.Values);
                _series.Remove(key);
            }
        }

        foreach (var (source, seen) in _sourceSeenAt.ToList())
        {
            if (now - seen > retireAfter)
            {
                _sourceSeenAt.Remove(source);
            }
        }
    }

    private sealed record Series(Counter Counter, string[] Values, string Source)
    {
        public MonotonicTotal Total { get; } = new();
    }
}
