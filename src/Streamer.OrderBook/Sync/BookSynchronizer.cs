using Streamer.Core.Depth;
using Streamer.OrderBook.Books;

namespace Streamer.OrderBook.Sync;

/// <summary>
/// Keeps one symbol's <see cref="LocalOrderBook"/> provably equal to the exchange's, following Binance's
/// USD-M procedure (DESIGN section 2, rule in <see cref="DepthContinuity"/>): buffer events until a
/// snapshot arrives; drop events with <c>u &lt; lastUpdateId</c>; the first applied event must straddle
/// the snapshot (<c>U &lt;= lastUpdateId &lt;= u</c>); then every <c>pu</c> must equal the previous <c>u</c>.
/// A <c>pu</c> break or a crossed book throws the book away (a resync) until a new snapshot connects.
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
    private readonly BookSnapshot _spare = new();
    private bool _hasSpare;
    private Phase _phase;
    private long _snapshotId;

    /// <summary>Creates a synchronizer that buffers at most <paramref name="maxBufferedEvents"/> events while waiting for a snapshot.</summary>
    public BookSynchronizer(int maxBufferedEvents = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBufferedEvents, 1);
        _maxBuffered = maxBufferedEvents;
    }

    /// <summary>The book. Trust it only while <see cref="State"/> is <see cref="BookSyncState.Synced"/>.</summary>
    public LocalOrderBook Book { get; } = new();

    /// <summary>Synced or syncing.</summary>
    public BookSyncState State => _phase == Phase.Synced ? BookSyncState.Synced : BookSyncState.Syncing;

    /// <summary>True when only a (new) snapshot can make progress: ask the worker for one.</summary>
    public bool NeedsSnapshot => _phase == Phase.AwaitingSnapshot;

    /// <summary>Times a synced book lost sync (pu break or crossed book).</summary>
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
                if (DepthContinuity.IsBeforeSnapshot(e.FinalUpdateId, _snapshotId))
                {
                    DroppedEvents++;
                    return SyncOutcome.Dropped;
                }

                if (!DepthContinuity.StraddlesSnapshot(e.FirstUpdateId, e.FinalUpdateId, _snapshotId))
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
                if (!DepthContinuity.Continues(e.PrevFinalUpdateId, Book.LastUpdateId))
                {
                    return LoseSync(new OutOfSyncInfo(OutOfSyncReason.Gap, Book.LastUpdateId, e.PrevFinalUpdateId, e.EventTimeMs), e);
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
            if (_spare.LastUpdateId >= e.FirstUpdateId)
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
