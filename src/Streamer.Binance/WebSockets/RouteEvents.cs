using Streamer.Binance.Parsing;

namespace Streamer.Binance.WebSockets;

/// <summary>What happened to a route's connection.</summary>
public enum RouteEventKind
{
    /// <summary>The first connection is up.</summary>
    Connected,
    /// <summary>A connection is up again after a disconnect: data may be missing in between.</summary>
    Reconnected,
    /// <summary>The connection was lost; <see cref="RouteEvent.Detail"/> says why.</summary>
    Disconnected,
    /// <summary>A busy stream was silent too long; the connection is replaced.</summary>
    StreamSilent,
    /// <summary>The connection was replaced by an overlapping one without a gap (planned before its lifetime ends).</summary>
    RolledOver,
}

/// <summary>A connection event of a route.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Route">The route's name.</param>
/// <param name="Detail">Human-readable reason or context.</param>
/// <param name="Downtime">For <see cref="RouteEventKind.Reconnected"/>: how long the route was down.</param>
/// <param name="Stream">For <see cref="RouteEventKind.StreamSilent"/>: the silent stream.</param>
public sealed record RouteEvent(RouteEventKind Kind, string Route, string Detail, TimeSpan Downtime = default, Core.Streams.StreamType Stream = default);

/// <summary>One parsed message handed to the listener. <see cref="Rows"/> is only valid during the call.</summary>
/// <param name="Parsed">What the parser found.</param>
/// <param name="Rows">The CSV rows (empty unless <see cref="ParseOutcome.Rows"/>).</param>
/// <param name="LocalTimeUs">Local receive time in microseconds.</param>
public readonly record struct RouteMessage(ParsedMessage Parsed, ReadOnlyMemory<byte> Rows, long LocalTimeUs);

/// <summary>
/// Receives a route's messages and connection events. Calls for one route never overlap and arrive in
/// order; the listener may await (e.g. backpressure from the writer), which pauses that route's reading.
/// </summary>
public interface IRouteListener
{
    /// <summary>A message, after the duplicates of overlapping connections were removed.</summary>
    ValueTask OnMessageAsync(RouteMessage message, CancellationToken ct);

    /// <summary>A connection event.</summary>
    ValueTask OnEventAsync(RouteEvent routeEvent, CancellationToken ct);

    /// <summary>A message that could not be used. <paramref name="sample"/> is the raw message (may be long).</summary>
    void OnMalformed(ParsedMessage result, ReadOnlySpan<byte> sample);
}
