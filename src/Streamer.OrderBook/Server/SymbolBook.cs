using Microsoft.Extensions.Logging;
using Streamer.Core.Csv;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Server;

/// <summary>
/// Everything the order book process keeps for one symbol of one exchange (named by its
/// <see cref="ExchangePaths.Key"/>): the synchronizer with the exchange's depth rule and its book, the feed
/// connection currently serving it, snapshot request pacing and the output to the writer. The feed
/// connection applies events and the publisher reads the book, both under <see cref="Gate"/>.
/// </summary>
internal sealed class SymbolBook
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SnapshotRequestPacer _pacer;
    private readonly OrderBookRowFormatter _formatter;
    private readonly CsvRowBuilder _eventRow = new(256);

    public SymbolBook(string exchange, string symbol, int depth, BookOutput output, TimeProvider time, ILogger logger)
    {
        Exchange = exchange;
        Symbol = symbol;
        Key = ExchangePaths.Key(exchange, symbol);
        Sync = new BookSynchronizer(DepthRules.For(exchange));
        Output = output;
        _time = time;
        _logger = logger;
        _pacer = new SnapshotRequestPacer(time);
        _formatter = new OrderBookRowFormatter(depth);
    }

    /// <summary>The exchange id (<see cref="ExchangeIds"/>).</summary>
    public string Exchange { get; }

    /// <summary>The bare symbol (<c>BTCUSDT</c>, <c>BTCUSD_PERP</c>).</summary>
    public string Symbol { get; }

    /// <summary><see cref="ExchangePaths.Key"/>: what names this book in logs and status keys.</summary>
    public string Key { get; }

    /// <summary>Guards the synchronizer, the pacer and the connection reference.</summary>
    public Lock Gate { get; } = new();

    public BookSynchronizer Sync { get; }

    public BookOutput Output { get; }

    /// <summary>The feed connection serving this symbol now (the newest one), or null.</summary>
    public FeedConnection? Connection { get; private set; }

    public long DepthFrames { get; private set; }

    public long SnapshotFrames { get; private set; }

    public long Malformed { get; private set; }

    public long SnapshotRequestsSent { get; private set; }

    public long OrderBookRows { get; private set; }

    /// <summary>A new feed took over: the book restarts from the snapshot its client asks for on connect.</summary>
    public FeedConnection? Attach(FeedConnection connection)
    {
        lock (Gate)
        {
            var previous = Connection;
            Connection = connection;
            Sync.Reset();
            _pacer.PeerRequested();
            return previous;
        }
    }

    /// <summary>The feed ended: without it the book cannot be kept right.</summary>
    public void Detach(FeedConnection connection)
    {
        lock (Gate)
        {
            if (Connection == connection)
            {
                Connection = null;
                Sync.Reset();
            }
        }
    }

    /// <summary>Applies one decoded depth event. Caller holds no lock.</summary>
    public void OnDepth(DepthUpdate update)
    {
        lock (Gate)
        {
            DepthFrames++;
            Handle(Sync.OnDepth(update));
        }
    }

    /// <summary>Applies one decoded snapshot. Caller holds no lock.</summary>
    public void OnSnapshot(BookSnapshot snapshot)
    {
        lock (Gate)
        {
            SnapshotFrames++;
            var outcome = Sync.OnSnapshot(snapshot);
            if (outcome == SyncOutcome.SnapshotRejected)
            {
                OrderBookLog.SnapshotRejected(_logger, Key, snapshot.LastUpdateId);
            }

            Handle(outcome);
        }
    }

    public void CountMalformed()
    {
        lock (Gate)
        {
            Malformed++;
        }
    }

    /// <summary>True when a snapshot request should go to the worker now (recorded as sent).</summary>
    public bool TakeSnapshotRequest()
    {
        lock (Gate)
        {
            if (!Sync.NeedsSnapshot || Connection is null || !_pacer.TryRequest())
            {
                return false;
            }

            SnapshotRequestsSent++;
            return true;
        }
    }

    /// <summary>Queues the orderbook row of a synced book; an unsynced book writes nothing.</summary>
    public bool PublishRow(long localTimeUs)
    {
        lock (Gate)
        {
            if (Sync.State != BookSyncState.Synced)
            {
                return false;
            }

            var book = Sync.Book;
            var row = _formatter.Format(book, localTimeUs);
            if (!Output.TryWrite(StreamType.OrderBook, book.LastEventTimeMs, row.Span))
            {
                return false;
            }

            OrderBookRows++;
            return true;
        }
    }

    private void Handle(SyncOutcome outcome)
    {
        switch (outcome)
        {
            case SyncOutcome.Synced:
                _pacer.Synced();
                OrderBookLog.Synced(_logger, Key, Sync.Book.LastUpdateId, Sync.Book.Bids.Count, Sync.Book.Asks.Count);
                break;
            case SyncOutcome.OutOfSync:
                _pacer.LostSync();
                var info = Sync.LastOutOfSync!.Value;
                var detail = info.Describe();
                OrderBookLog.LostSync(_logger, Key, detail);
                WriteResyncEvent(info, detail);
                if (Sync.State == BookSyncState.Synced)
                {
                    // Repaired at once from a snapshot kept while synced.
                    _pacer.Synced();
                    OrderBookLog.Synced(_logger, Key, Sync.Book.LastUpdateId, Sync.Book.Bids.Count, Sync.Book.Asks.Count);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>events row: <c>local_time_us,stream,kind,from_id,to_id,detail</c>; its day is the local one.</summary>
    private void WriteResyncEvent(OutOfSyncInfo info, string detail)
    {
        var now = _time.GetUtcNow();
        _eventRow.Clear();
        _eventRow.Long(UnixTime.Microseconds(now))
            .Raw("orderbook"u8).Raw("resync"u8).Long(info.FromId).Long(info.ToId).Text(detail).EndRow();
        Output.TryWrite(StreamType.Events, now.ToUnixTimeMilliseconds(), _eventRow.WrittenSpan);
    }
}
