using System.Text.Json.Serialization;
using Streamer.Core.Status;

namespace Streamer.Supervisor.Status;

/// <summary>What <c>streamer --status</c> shows: the supervisor and every child. Sent as JSON over the control pipe.</summary>
public sealed record SupervisorSnapshot
{
    /// <summary>Always true: lets scripts tell this answer from the not-running one (<see cref="ConfigStatus"/>).</summary>
    public bool Running { get; init; } = true;

    /// <summary>Supervisor process id (also the run id).</summary>
    public required int Pid { get; init; }

    /// <summary>When the supervisor started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When this snapshot was taken (lags are measured against it).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Selected configuration mode.</summary>
    public required string Mode { get; init; }

    /// <summary>Configuration file the supervisor was started with.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>Where the files go.</summary>
    public required string DataDir { get; init; }

    /// <summary>Exchange address when not the configured one (the simulator).</summary>
    public string? Exchange { get; init; }

    /// <summary>True once a graceful stop has begun.</summary>
    public bool Stopping { get; init; }

    /// <summary>Every child, in start order.</summary>
    public List<ChildSnapshot> Children { get; init; } = [];
}

/// <summary>One child as the supervisor sees it plus its last status report.</summary>
public sealed record ChildSnapshot
{
    /// <summary>simulator, writer, orderbook or worker.</summary>
    public required string Role { get; init; }

    /// <summary>Worker symbol.</summary>
    public string? Symbol { get; init; }

    /// <summary>Current process id, when running.</summary>
    public int? Pid { get; init; }

    /// <summary>Supervisor state (pending, running, restarting, crash-loop, rejected, stopping, stopped).</summary>
    public required string State { get; init; }

    /// <summary>Why it is in a non-normal state.</summary>
    public string? Detail { get; init; }

    /// <summary>When the current process started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Restarts since the supervisor started.</summary>
    public int Restarts { get; init; }

    /// <summary>In a crash loop (retried slowly).</summary>
    public bool CrashLoop { get; init; }

    /// <summary>Exit code of the previous process, if any.</summary>
    public int? LastExitCode { get; init; }

    /// <summary>When a restarting child will be started again.</summary>
    public DateTimeOffset? NextStartAt { get; init; }

    /// <summary>Messages per second per stream over the last few reports.</summary>
    public Dictionary<string, double> MessagesPerSecond { get; init; } = [];

    /// <summary>The child's last status report, if it has sent one.</summary>
    public ChildStatus? Report { get; init; }
}

/// <summary><c>--status --json</c> when no supervisor runs: the configuration that would run.</summary>
public sealed record ConfigStatus
{
    /// <summary>Always false.</summary>
    public bool Running { get; init; }

    /// <summary>Configuration file.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>Selected mode.</summary>
    public required string Mode { get; init; }

    /// <summary>Where files go.</summary>
    public required string DataDir { get; init; }

    /// <summary>Whether the order book process would run.</summary>
    public bool OrderBook { get; init; }

    /// <summary>Every symbol of the mode.</summary>
    public List<SymbolStatus> Symbols { get; init; } = [];
}

/// <summary>One configured symbol.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="Enabled">Whether a worker runs for it.</param>
/// <param name="Streams">Stream names.</param>
/// <param name="DepthSnapshot">Whether REST snapshots are recorded.</param>
public sealed record SymbolStatus(string Symbol, bool Enabled, List<string> Streams, bool DepthSnapshot);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(SupervisorSnapshot))]
[JsonSerializable(typeof(ConfigStatus))]
internal sealed partial class SnapshotJson : JsonSerializerContext;

/// <summary>JSON form of <see cref="SupervisorSnapshot"/> (snake_case, like the status lines).</summary>
public static class SnapshotSerializer
{
    /// <summary>One-line JSON.</summary>
    public static string Serialize(SupervisorSnapshot snapshot) =>
        System.Text.Json.JsonSerializer.Serialize(snapshot, SnapshotJson.Default.SupervisorSnapshot);

    /// <summary>Indented JSON for <c>--status --json</c>.</summary>
    public static string SerializeIndented(SupervisorSnapshot snapshot) =>
        System.Text.Json.JsonSerializer.Serialize(snapshot, IndentedContext.SupervisorSnapshot);

    /// <summary>Indented JSON of a configuration status.</summary>
    public static string SerializeIndented(ConfigStatus status) =>
        System.Text.Json.JsonSerializer.Serialize(status, IndentedContext.ConfigStatus);

    /// <summary>Parses a snapshot.</summary>
    /// <exception cref="System.Text.Json.JsonException">Not a snapshot.</exception>
    public static SupervisorSnapshot Deserialize(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, SnapshotJson.Default.SupervisorSnapshot)
        ?? throw new System.Text.Json.JsonException("empty status");

    private static readonly SnapshotJson IndentedContext = new(new System.Text.Json.JsonSerializerOptions(SnapshotJson.Default.Options) { WriteIndented = true });
}
