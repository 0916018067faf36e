using Streamer.Binance.Exchanges;
using Streamer.Core.Configuration;
using Streamer.Pipes;
using Streamer.Core.Status;
using Streamer.Core.Streams;
using Streamer.Pipes.Clients;

namespace Streamer.Worker;

/// <summary>Everything one worker runs with; <see cref="WorkerRole"/> builds it from the configuration, tests from fakes.</summary>
internal sealed record SymbolWorkerOptions
{
    public required StreamerConfig Config { get; init; }

    public required SymbolConfig Symbol { get; init; }

    /// <summary>The writer (a WriterClient in production).</summary>
    public required IFrameSink Writer { get; init; }

    /// <summary>The order book feed, when orderbook.enabled.</summary>
    public IFrameSink? OrderBook { get; init; }

    /// <summary>The REST client of the symbol's exchange (shared by the symbols of a worker process).</summary>
    public required IExchangeRest Rest { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The exchange's symbol list (symbol → status); null asks <see cref="Rest"/> directly. A worker process shares one.</summary>
    public Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>>? ExchangeInfo { get; init; }

    /// <summary>Where status lines go (stdout in production).</summary>
    public Action<ChildStatus> Publish { get; init; } = StatusLine.Publish;

    /// <summary>Interval of status lines.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Unacknowledged frames of the writer link, for the status line.</summary>
    public Func<long> UnackedFrames { get; init; } = () => 0;

    /// <summary>Where the writer link's unacknowledged frames are (memory, journal), for the status line.</summary>
    public Func<HandoffBacklog> Backlog { get; init; } = () => default;

    /// <summary>Whether the writer link is up (an orphaned worker does not wait for a writer that is gone).</summary>
    public Func<bool> WriterConnected { get; init; } = () => true;

    /// <summary>The last row of a stream that a predecessor journalled and the writer may not have yet (where to resume).</summary>
    public Func<StreamType, string?> JournalledLastRow { get; init; } = _ => null;

    /// <summary>True once the supervisor is gone: a stop then journals at once.</summary>
    public Func<bool> ParentGone { get; init; } = () => false;

    /// <summary>How long a graceful stop waits for the writer to acknowledge everything before journalling the rest.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
