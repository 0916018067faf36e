namespace Streamer.Supervisor.Metrics;

/// <summary>How a row of <see cref="ChildCounterTable"/> is exposed.</summary>
public enum MetricType
{
    /// <summary>Only goes up, across restarts of the child that counts it (<see cref="CounterSeries"/>); name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A current value that goes up and down.</summary>
    Gauge,
}
