using Streamer.Core.Depth;
using Streamer.OrderBook.Books;

namespace Streamer.OrderBook.Sync;

/// <summary>
/// Keeps one symbol's <see cref="LocalOrderBook"/> provably equal to the exchange's, following the exchange's
/// procedure (DESIGN section 2) with its <see cref="IDepthSequenceRule"/> (<see cref="DepthRules.For"/>): buffer
/// events until a snapshot arrives; drop the events the snapshot makes obsolete; the first applied event must
/// straddle the snapshot; then every event must continue the previous one (futures: <c>pu</c> = previous
/// <c>u</c>; spot: <c>U</c> = previous <c>u</c> + 1). A break or a crossed book throws the book away (a resync)
/// until a new snapshot connects.
/// </summary>
/// <remarks>
/// One owner calls it (not thread-safe). In the synced steady state nothing is allocated: buffered
/// events are pooled copies, used only while waiting for a snapshot. A snapshot that arrives while
/// synced and is ahead of the book is kept, so a later break can often be repaired without asking
/// the exchange for another one (each costs REST weight).
/// </remarks>
public sealed class BookSynchronizer
{
    private enum Phase
    {
        AwaitingSnapshot,
        AwaitingEvent,
        Synced,
    }

    private readonly Queue<DepthUpdate> _buffer = new();
    private readonly Stack<DepthUpdate> _pool = new();
    private readonly List<DepthUpdate> _replay = [];
    private readonly int _maxBuffered;
    private readonly IDepthSequenceRule _rule;
    private readonly BookSnapshot _spare = new();
    private bool _hasSpare;
    private Phase _phase;
    private long _snapshotId;

    /// <summary>A synchronizer with the futures rule (<see cref="FuturesDepthRule"/>: USD-M and COIN-M).</summary>
    public BookSynchronizer(int maxBufferedEvents = 4096)
        : this(FuturesDepthRule.Instance, maxBufferedEvents)
    {
    }

    /// <summary>Creates a synchronizer that chains events by <paramref name="rule"/> and buffers at most <paramref name="maxBufferedEvents"/> events while waiting for a snapshot.</summary>
    public BookSynchronizer(IDepthSequenceRule rule, int maxBufferedEvents = 4096)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBufferedEvents, 1);
        _rule = rule;
        _maxBuffered = maxBufferedEvents;
    }

    /// <summary>The rule that chains this book's depth events.</summary>
    public IDepthSequenceRule Rule => _rule;

    /// <summary>The book. Trust it only while <see cref="State"/> is <see cref="BookSyncState.Synced"/>.</summary>
    public LocalOrderBook Book { get; } = new();

    /// <summary>Synced or syncing.</summary>
    public BookSyncState State => _phase == Phase.Synced ? BookSyncState.Synced : BookSyncState.Syncing;

    /// <summary>True when only a (new) snapshot can make progress: ask the worker for one.</summary>
    public bool NeedsSnapshot => _phase == Phase.AwaitingSnapshot;

    /// <summary>Times a synced book lost sync (chain break or crossed book).</summary>
    public long Resyncs { get; private set; }

    /// <summary>Snapshots that did not connect to the buffered or following events.</summary>
    public long SnapshotsRejected { get; private set; }

    /// <summary>Events applied to the book.</summary>
    public long AppliedEvents { get; private set; }

    /// <summary>Events dropped as older than the snapshot, or pushed out of a full buffer.</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>Events waiting for a snapshot.</summary>
    public int BufferedEvents => _buffer.Count;

    /// <summary>The most recent loss of sync, if any.</summary>
    public OutOfSyncInfo? LastOutOfSync { get; private set; }

    /// <summary>Handles one depth event; the caller may reuse <paramref name="update"/> afterwards.</summary>
    public SyncOutcome OnDepth(DepthUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Step(update);
    }

    /// <summary>Handles a REST snapshot; the caller may reuse <paramref name="snapshot"/> afterwards.</summary>
    public SyncOutcome OnSnapshot(BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_phase == Phase.Synced)
        {
            if (snapshot.LastUpdateId > Book.LastUpdateId)
            {
                _spare.CopyFrom(snapshot);
                _hasSpare = true;
            }

            return SyncOutcome.SnapshotKept;
        }

        return LoadAndReplay(snapshot);
    }

    /// <summary>Forgets the book and everything buffered (e.g. the feed connection was lost); not counted as a resync.</summary>
    public void Reset()
    {
        Book.Clear();
        _phase = Phase.AwaitingSnapshot;
        _hasSpare = false;
        ReleaseBuffer();
    }

    private SyncOutcome Step(DepthUpdate e)
    {
        switch (_phase)
        {
            case Phase.AwaitingSnapshot:
                Buffer(e);
                return SyncOutcome.Buffered;

            case Phase.AwaitingEvent:
                if (_rule.IsBeforeSnapshot(e.FinalUpdateId, _snapshotId))
                {
                    DroppedEvents++;
                    return SyncOutcome.Dropped;
                }

                if (!_rule.StraddlesSnapshot(e.FirstUpdateId, e.FinalUpdateId, _snapshotId))
                {
                    // The first event after the snapshot starts beyond it: what lies between is unknown.
                    SnapshotsRejected++;
                    Book.Clear();
                    _phase = Phase.AwaitingSnapshot;
                    Buffer(e);
                    return SyncOutcome.SnapshotRejected;
                }

                _phase = Phase.Synced;
                return ApplySynced(e) == SyncOutcome.Applied ? SyncOutcome.Synced : SyncOutcome.OutOfSync;

            default:
                if (!_rule.Continues(new DepthUpdateIds(e.FirstUpdateId, e.FinalUpdateId, e.PrevFinalUpdateId), Book.LastUpdateId))
                {
                    // An event with a pu broke the pu chain (futures); one without (spot) broke the U = u + 1 chain.
                    var gap = e.PrevFinalUpdateId != 0
                        ? new OutOfSyncInfo(OutOfSyncReason.Gap, Book.LastUpdateId, e.PrevFinalUpdateId, e.EventTimeMs)
                        : new OutOfSyncInfo(OutOfSyncReason.UpdateIdGap, Book.LastUpdateId, e.FirstUpdateId, e.EventTimeMs);
                    return LoseSync(gap, e);
                }

                return ApplySynced(e);
        }
    }

    private SyncOutcome ApplySynced(DepthUpdate e)
    {
        Book.Apply(e);
        AppliedEvents++;
        return Book.IsCrossed
            ? LoseSync(new OutOfSyncInfo(OutOfSyncReason.CrossedBook, e.FirstUpdateId, e.FinalUpdateId, e.EventTimeMs), e)
            : SyncOutcome.Applied;
    }

    private SyncOutcome LoseSync(OutOfSyncInfo info, DepthUpdate e)
    {
        Resyncs++;
        LastOutOfSync = info;
        Book.Clear();
        _phase = Phase.AwaitingSnapshot;
        ReleaseBuffer();

        // A new snapshot may straddle this very event, so it is kept like any event awaiting one.
        Buffer(e);
        if (_hasSpare)
        {
            _hasSpare = false;
            // Worth loading when it is not older than this event: it straddles it, or it is newer and a later event may.
            if (_spare.LastUpdateId >= e.FirstUpdateId || _rule.StraddlesSnapshot(e.FirstUpdateId, e.FinalUpdateId, _spare.LastUpdateId))
            {
                LoadAndReplay(_spare);
            }
        }

        return SyncOutcome.OutOfSync;
    }

    private SyncOutcome LoadAndReplay(BookSnapshot snapshot)
    {
        Book.Load(snapshot);
        _snapshotId = snapshot.LastUpdateId;
        _phase = Phase.AwaitingEvent;
        _hasSpare = false;

        _replay.Clear();
        while (_buffer.TryDequeue(out var buffered))
        {
            _replay.Add(buffered);
        }

        var lostSync = false;
        foreach (var e in _replay)
        {
            lostSync |= Step(e) == SyncOutcome.OutOfSync;
            _pool.Push(e);
        }

        _replay.Clear();
        if (lostSync)
        {
            return SyncOutcome.OutOfSync;
        }

        return _phase switch
        {
            Phase.Synced => SyncOutcome.Synced,
            Phase.AwaitingEvent => SyncOutcome.AwaitingEvent,
            _ => SyncOutcome.SnapshotRejected,
        };
    }

    private void Buffer(DepthUpdate e)
    {
        if (_buffer.Count >= _maxBuffered)
        {
            // Oldest first: a snapshot fetched from now on is newer than them anyway.
            _pool.Push(_buffer.Dequeue());
            DroppedEvents++;
        }

        var copy = _pool.Count > 0 ? _pool.Pop() : new DepthUpdate();
        copy.CopyFrom(e);
        _buffer.Enqueue(copy);
    }

    private void ReleaseBuffer()
    {
        while (_buffer.TryDequeue(out var e))
        {
            _pool.Push(e);
        }
    }
}
