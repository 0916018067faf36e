using Prometheus;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// The gauges of the exposition: after each update exactly the series the latest snapshot showed. A
/// series it no longer shows (a child that is down has no lag, a symbol removed by a reload has nothing)
/// is removed rather than left at its last value, which would look current.
/// </summary>
internal sealed class GaugeSeries(MetricFactory factory)
{
    private readonly Dictionary<(string Family, string Shape), Gauge> _collectors = [];
    private readonly Dictionary<(string Family, string Key), (Gauge Gauge, string[] Values)> _live = [];
    private readonly HashSet<(string Family, string Key)> _seen = [];

    /// <summary>Sets one series (creating its family on first use) and marks it as shown by this update.</summary>
    public void Set(string family, string help, SeriesLabels labels, double value)
    {
        var shape = labels.Shape;
        if (!_collectors.TryGetValue((family, shape), out var gauge))
        {
            gauge = factory.CreateGauge(family, help, labels.Names, new GaugeConfiguration { SuppressInitialValue = true });
            _collectors[(family, shape)] = gauge;
        }

        var key = (family, labels.Key);
        _live[key] = (gauge, labels.Values);
        _seen.Add(key);
        gauge.WithLabels(labels.Values).Set(value);
    }

    /// <summary>Ends an update: removes every series it did not set.</summary>
    public void RemoveUnseen()
    {
        foreach (var (key, (gauge, values)) in _live.Where(s => !_seen.Contains(s.Key)).ToList())
        {
            if (values.Length == 0)
            {
                // The unlabelled series cannot be removed (prometheus-net recreates it at 0); hide it instead.
                gauge.Unpublish();
            }
            else
            {
                gauge.RemoveLabelled(values);
            }

            _live.Remove(key);
        }

        _seen.Clear();
    }
}
