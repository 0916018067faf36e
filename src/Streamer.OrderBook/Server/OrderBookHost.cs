using Streamer.Pipes;
using Streamer.Core.Status;

namespace Streamer.OrderBook.Server;

/// <summary>What the order book process plugs in from outside; tests replace the writer and the clock.</summary>
internal sealed record OrderBookHost
{
    /// <summary>
    /// Creates the writer connection of a symbol from its exchange and bare symbol (Hello role orderbook, source
    /// <c>Hello.OrderBookSource(exchange, symbol)</c>).
    /// </summary>
    public required Func<string, string, CancellationToken, ValueTask<IFrameSink>> Sinks { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Action<ChildStatus> PublishStatus { get; init; } = StatusLine.Publish;

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a graceful stop waits for the writer to take the last rows.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
