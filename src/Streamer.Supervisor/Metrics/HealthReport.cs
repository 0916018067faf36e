namespace Streamer.Supervisor.Metrics;

/// <summary>The answer of <c>/health</c>.</summary>
/// <param name="Healthy">True when there are no problems (HTTP 200; otherwise 503).</param>
/// <param name="Problems">What is wrong, one sentence each, naming the child or symbol.</param>
/// <param name="Warnings">Worth knowing but not unhealthy (a rejected symbol, a book not in sync).</param>
/// <param name="Symbols">Each expected symbol: worker state and age of its newest market message.</param>
public sealed record HealthReport(bool Healthy, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings, IReadOnlyList<SymbolHealth> Symbols)
{
    /// <summary>The uploader's backlog and failures, when upload is enabled.</summary>
    public UploadHealth? Upload { get; init; }
}

/// <summary>The upload part of <see cref="HealthReport"/>.</summary>
/// <param name="State">The uploader's state: idle, uploading, store-down, bad-credentials, no-bucket, or the supervisor's when it is not running.</param>
/// <param name="PendingFiles">Sealed files not yet verified in the store.</param>
/// <param name="PendingBytes">Their bytes.</param>
/// <param name="OldestPendingSeconds">Seconds since the oldest pending file's day closed.</param>
/// <param name="Failures">Failed attempts since the uploader started.</param>
/// <param name="Detail">The last failure, when failing.</param>
public sealed record UploadHealth(string State, long PendingFiles, long PendingBytes, long OldestPendingSeconds, long Failures, string? Detail);

/// <summary>One symbol in <see cref="HealthReport"/>.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="State">Worker state: the worker's own (streaming, reconnecting, ...) while it runs, else the supervisor's (restarting, rejected, ...); missing when not started.</param>
/// <param name="LastMessageAgeSeconds">Seconds since its newest market message was received; null when none yet.</param>
public sealed record SymbolHealth(string Symbol, string State, double? LastMessageAgeSeconds);
