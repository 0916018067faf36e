namespace Streamer.Supervisor.Metrics;

/// <summary>The answer of <c>/health</c>.</summary>
/// <param name="Healthy">True when there are no problems (HTTP 200; otherwise 503).</param>
/// <param name="Problems">What is wrong, one sentence each, naming the child or symbol.</param>
/// <param name="Warnings">Worth knowing but not unhealthy (a rejected symbol, a book not in sync).</param>
/// <param name="Symbols">Each expected symbol: worker state and age of its newest market message.</param>
public sealed record HealthReport(bool Healthy, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings, IReadOnlyList<SymbolHealth> Symbols);

/// <summary>One symbol in <see cref="HealthReport"/>.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="State">Worker state: the worker's own (streaming, reconnecting, ...) while it runs, else the supervisor's (restarting, rejected, ...); missing when not started.</param>
/// <param name="LastMessageAgeSeconds">Seconds since its newest market message was received; null when none yet.</param>
public sealed record SymbolHealth(string Symbol, string State, double? LastMessageAgeSeconds);
