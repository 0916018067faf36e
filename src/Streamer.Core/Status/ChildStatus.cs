using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamer.Core.Status;

/// <summary>
/// A child's periodic report to the supervisor. Children print it as one line on stdout prefixed with
/// <see cref="StatusLine.Prefix"/> (logs go to stderr); the supervisor aggregates the reports for
/// <c>--status</c>, <c>/metrics</c> and <c>/health</c>. Counters are totals since the child started.
/// </summary>
public sealed record ChildStatus
{
    /// <summary>writer, worker, orderbook, simulator.</summary>
    public required string Role { get; init; }

    /// <summary>Symbol of a worker.</summary>
    public string? Symbol { get; init; }

    /// <summary>Short state: starting, streaming, reconnecting, rejected, draining, disk-full, ...</summary>
    public string State { get; init; } = "running";

    /// <summary>Human-readable reason for a non-normal state.</summary>
    public string? Detail { get; init; }

    /// <summary>Per stream (config name): messages and rows so far, last exchange event time.</summary>
    public Dictionary<string, StreamStatus> Streams { get; init; } = [];

    /// <summary>Named totals: reconnects, gaps, backfilled_trades, resyncs, malformed, rows_written, bytes_written, files_open, unacked_frames, rest_weight_used, ...</summary>
    public Dictionary<string, long> Counters { get; init; } = [];

    /// <summary>Named text facts, e.g. order book sync state per symbol.</summary>
    public Dictionary<string, string> Info { get; init; } = [];
}

/// <summary>Progress of one stream in one child.</summary>
/// <param name="Messages">Messages received (worker) or frames written (writer).</param>
/// <param name="Rows">CSV rows produced or written.</param>
/// <param name="LastEventTimeMs">Exchange time of the newest message (0 if none).</param>
/// <param name="LastLocalTimeUs">Local receive time of the newest message (0 if none).</param>
public sealed record StreamStatus(long Messages, long Rows, long LastEventTimeMs, long LastLocalTimeUs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChildStatus))]
internal sealed partial class ChildStatusJson : JsonSerializerContext;

/// <summary>The stdout line format of <see cref="ChildStatus"/>.</summary>
public static class StatusLine
{
    /// <summary>Marks a status line among anything else a child might print.</summary>
    public const string Prefix = "@status ";

    /// <summary>Formats a status line (without newline).</summary>
    public static string Format(ChildStatus status) => Prefix + JsonSerializer.Serialize(status, ChildStatusJson.Default.ChildStatus);

    /// <summary>Parses a line printed by a child; false for lines that are not status lines or are damaged.</summary>
    public static bool TryParse(string? line, out ChildStatus? status)
    {
        status = null;
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            status = JsonSerializer.Deserialize(line.AsSpan(Prefix.Length), ChildStatusJson.Default.ChildStatus);
            return status is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Prints a status line to stdout; a vanished supervisor (broken pipe) is not an error here.</summary>
    public static void Publish(ChildStatus status)
    {
        try
        {
            Console.Out.WriteLine(Format(status));
            Console.Out.Flush();
        }
        catch (IOException)
        {
            // The supervisor is gone; the parent watcher ends this process.
        }
    }
}
