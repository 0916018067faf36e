using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Depth;
using Streamer.Core.Streams;
using Streamer.Worker.Output;

namespace Streamer.Worker.Continuity;

/// <summary>
/// Records the depth stream of one symbol: every depthUpdate is written as received (the file is the raw
/// diff stream); a REST snapshot (the deepest the exchange serves: 1000 levels on USD-M) is taken at start, after
/// every reconnect, after every break of the exchange's chain (USD-M: pu) and when the order book asks; every break is an events row (gap) followed by a new snapshot and a resync
/// row. A snapshot older than the diffs that follow it cannot seed a book, so another one is taken.
/// </summary>
/// <remarks>
/// After a (re)connect the snapshot waits for the first diff (at most <see cref="FirstDiffWait"/>), as Binance's
/// procedure has it (buffer the stream, then fetch): the exchange subscribes a new connection a moment after the
/// handshake, so a snapshot fetched at once can predate the first diff delivered, and then needs a second fetch
/// (20 weight, and a resync row) for nothing.
/// </remarks>
internal sealed class DepthRecorder : IDisposable
{
    /// <summary>How long a snapshot after a (re)connect waits for the first diff; a quiet book gets its snapshot anyway.</summary>
    public static readonly TimeSpan FirstDiffWait = TimeSpan.FromSeconds(3);

    private readonly string _symbol;
    private readonly Func<CancellationToken, Task<DepthSnapshot>> _fetch;
    private readonly WorkerServices _services;
    private readonly bool _recordSnapshots;
    private readonly bool _needSnapshots;
    private readonly bool _streamSnapshots;
    private readonly ILogger _log;
    private readonly DepthChain _chain;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _lock = new();
    private string? _requested;
    private string _requestKind = EventKinds.Snapshot;
    private long? _unverifiedSnapshot;

    /// <summary>Set by a (re)connect of an exchange that starts its depth stream with a snapshot, until that snapshot comes.</summary>
    private bool _awaitingStreamSnapshot;

    /// <summary>Completed by the first diff after a (re)connect.</summary>
    private TaskCompletionSource _firstDiff = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="symbol">Symbol.</param>
    /// <param name="fetch">Takes a snapshot over REST.</param>
    /// <param name="services">Output, events, counters.</param>
    /// <param name="recordSnapshots">Write snapshots to depth_snapshot (symbol's depth_snapshot setting).</param>
    /// <param name="feedsOrderBook">Snapshots also feed the order book, which needs them even when not recorded.</param>
    /// <param name="log">Logger.</param>
    /// <param name="rule">How the exchange chains its depth diffs.</param>
    /// <param name="streamSnapshots">The depth stream starts with a full book after every (re)connect (Bybit): no REST snapshot is taken then.</param>
    public DepthRecorder(string symbol, Func<CancellationToken, Task<DepthSnapshot>> fetch, WorkerServices services, bool recordSnapshots, bool feedsOrderBook, ILogger log,
        IDepthSequenceRule rule, bool streamSnapshots = false)
    {
        _streamSnapshots = streamSnapshots;
        _symbol = symbol;
        _chain = new DepthChain(rule);
        _fetch = fetch;
        _services = services;
        _recordSnapshots = recordSnapshots;
        _needSnapshots = recordSnapshots || feedsOrderBook;
        _log = log;
    }

    /// <summary>The chain (tests).</summary>
    internal DepthChain Chain => _chain;

    /// <summary>After a (re)connect: a new segment starts and a snapshot is needed.</summary>
    public void OnConnected(string reason)
    {
        _chain.Reset();
        lock (_lock)
        {
            if (_firstDiff.Task.IsCompleted)
            {
                _firstDiff = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (_streamSnapshots)
        {
            lock (_lock)
            {
                _awaitingStreamSnapshot = true;
            }

            return;
        }

        RequestSnapshot(EventKinds.Snapshot, reason);
    }

    /// <summary>
    /// A snapshot the depth stream itself sent (Bybit, on every subscribe): recorded like a REST snapshot (or only fed to
    /// the order book), and the chain starts at it, so the next diff must follow it directly.
    /// </summary>
    public async ValueTask OnStreamSnapshotAsync(ParsedMessage parsed, ReadOnlyMemory<byte> rows, CancellationToken ct)
    {
        string kind;
        lock (_lock)
        {
            _awaitingStreamSnapshot = false;

            // It serves whatever snapshot was asked for; a REST fetch already under way just adds one more.
            kind = _requested is null ? EventKinds.Snapshot : _requestKind;
            _requested = null;
            _requestKind = EventKinds.Snapshot;
            _unverifiedSnapshot = null;
        }

        _chain.Reset();
        _chain.Observe(parsed.LastId, parsed.LastId, 0);
        _services.Status.Snapshot();
        if (_recordSnapshots)
        {
            await _services.Output.WriteAsync(StreamType.DepthSnapshot, parsed.ExchangeTimeMs, rows, parsed.Rows, ct).ConfigureAwait(false);
        }
        else
        {
            await _services.Output.FeedOnlyAsync(StreamType.DepthSnapshot, parsed.ExchangeTimeMs, rows, ct).ConfigureAwait(false);
        }

        var detail = FormattableString.Invariant($"{parsed.Rows} levels sent by the stream");
        await _services.Events.WriteAsync(StreamCatalog.Depth.ConfigName, kind, parsed.LastId, null, detail, ct).ConfigureAwait(false);
        WorkerLog.StreamSnapshot(_log, parsed.LastId, parsed.Rows);
    }

    /// <summary>A depthUpdate: written, then checked against the chain.</summary>
    public async ValueTask OnDepthAsync(ParsedMessage parsed, ReadOnlyMemory<byte> rows, CancellationToken ct)
    {
        await _services.Output.WriteAsync(StreamType.Depth, parsed.ExchangeTimeMs, rows, parsed.Rows, ct).ConfigureAwait(false);
        bool noStreamSnapshot;
        lock (_lock)
        {
            noStreamSnapshot = _awaitingStreamSnapshot;
            _awaitingStreamSnapshot = false;
        }

        if (noStreamSnapshot)
        {
            // The stream should have started with a book; without one, a book comes from REST.
            RequestSnapshot(EventKinds.Snapshot, "a depth stream that sent no snapshot");
        }

        var previous = _chain.LastFinal;
        var step = _chain.Observe(parsed.FirstId, parsed.LastId, parsed.PrevId);
        if (!_firstDiff.Task.IsCompleted)
        {
            _firstDiff.TrySetResult();
        }

        if (step == DepthStep.Broken)
        {
            _services.Status.Gap();
            WorkerLog.DepthBreak(_log, previous ?? 0, parsed.FirstId, parsed.LastId);
            var detail = parsed.PrevId != 0
                ? FormattableString.Invariant($"pu {parsed.PrevId} of update {parsed.FirstId}..{parsed.LastId} does not follow u {previous}")
                : FormattableString.Invariant($"update {parsed.FirstId}..{parsed.LastId} does not follow u {previous}");
            await _services.Events.WriteAsync(StreamCatalog.Depth.ConfigName, EventKinds.Gap, previous, parsed.PrevId, detail, ct).ConfigureAwait(false);
            _services.Status.Resync();
            RequestSnapshot(EventKinds.Resync, "depth gap");
        }

        long? unverified;
        lock (_lock)
        {
            unverified = _unverifiedSnapshot;
        }

        if (unverified is { } id && _chain.SnapshotFits(id) is { } fits)
        {
            lock (_lock)
            {
                _unverifiedSnapshot = null;
            }

            if (!fits)
            {
                WorkerLog.SnapshotTooOld(_log, id, _chain.SegmentFirst ?? 0);
                RequestSnapshot(EventKinds.Resync, "snapshot older than the depth stream");
            }
        }
    }

    /// <summary>Asks for a snapshot; requests made while one is pending are merged.</summary>
    public void RequestSnapshot(string kind, string reason)
    {
        if (!_needSnapshots)
        {
            return;
        }

        lock (_lock)
        {
            // A resync outranks a plain snapshot in the events file.
            _requestKind = _requested is null || kind == EventKinds.Resync ? kind : _requestKind;
            _requested ??= reason;
        }

        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Takes requested snapshots one at a time until the worker stops.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await _wake.WaitAsync(ct).ConfigureAwait(false);
                string reason, kind;
                Task firstDiff;
                lock (_lock)
                {
                    if (_requested is null)
                    {
                        continue;
                    }

                    (reason, kind) = (_requested, _requestKind);
                    _requested = null;
                    _requestKind = EventKinds.Snapshot;
                    firstDiff = _firstDiff.Task;
                }

                if (!firstDiff.IsCompleted)
                {
                    await Task.WhenAny(firstDiff, Task.Delay(FirstDiffWait, ct)).ConfigureAwait(false);
                    ct.ThrowIfCancellationRequested();
                }

                await TakeSnapshotAsync(kind, reason, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task TakeSnapshotAsync(string kind, string reason, CancellationToken ct)
    {
        DepthSnapshot snapshot;
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                snapshot = await _fetch(ct).ConfigureAwait(false);
                break;
            }
            catch (BinanceResponseException e)
            {
                _services.Status.MalformedMessage();
                WorkerLog.BadRestAnswer(_log, StreamCatalog.DepthSnapshot.ConfigName, e.Message);
            }
            catch (BinanceRestException e)
            {
                WorkerLog.SnapshotRefused(_log, _symbol, e.Message);
            }

            await Task.Delay(delay, _services.Time, ct).ConfigureAwait(false);
            delay = Binance.Backoff.Next(delay, TimeSpan.FromSeconds(60));
        }

        _services.Status.Snapshot();
        if (_recordSnapshots)
        {
            await _services.Output.WriteAsync(StreamType.DepthSnapshot, snapshot.EventTimeMs, snapshot.Rows, snapshot.Bids + snapshot.Asks, ct).ConfigureAwait(false);
        }
        else
        {
            // Not recorded, but the order book still needs it.
            await _services.Output.FeedOnlyAsync(StreamType.DepthSnapshot, snapshot.EventTimeMs, snapshot.Rows, ct).ConfigureAwait(false);
        }

        var detail = FormattableString.Invariant($"{snapshot.Bids} bids, {snapshot.Asks} asks after {reason}");
        await _services.Events.WriteAsync(StreamCatalog.Depth.ConfigName, kind, snapshot.LastUpdateId, null, detail, ct).ConfigureAwait(false);
        WorkerLog.SnapshotTaken(_log, snapshot.LastUpdateId, snapshot.Bids, snapshot.Asks, reason);
        lock (_lock)
        {
            _unverifiedSnapshot = snapshot.LastUpdateId;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _wake.Dispose();
}
