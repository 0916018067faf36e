namespace Streamer.Supervisor.Metrics;

/// <summary>
/// How one named counter of a child's status line (<see cref="Streamer.Core.Status.ChildStatus.Counters"/>)
/// is exposed.
/// </summary>
/// <param name="Name">Prometheus family name.</param>
/// <param name="Type">Counter (name ends in <c>_total</c>) or gauge.</param>
/// <param name="Help">The HELP text: what the number means to an operator.</param>
/// <param name="Source">The status line counter it comes from.</param>
/// <param name="Role">Only from children of this role (the same counter name can mean different things per role); null = any role.</param>
public sealed record ChildCounterMetric(string Name, MetricType Type, string Help, string Source, string? Role = null);
