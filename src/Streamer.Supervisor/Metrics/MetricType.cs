namespace Streamer.Supervisor.Metrics;

/// <summary>Prometheus metric types used by the exposition.</summary>
public enum MetricType
{
    /// <summary>Only goes up (resets to 0 when the process that counts restarts); name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A current value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets plus <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
