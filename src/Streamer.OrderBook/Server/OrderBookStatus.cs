using System.Globalization;
using Streamer.Core.Status;
using Streamer.OrderBook.Sync;
using Streamer.Pipes.Clients;

namespace Streamer.OrderBook.Server;

/// <summary>
/// The order book's ChildStatus: per symbol, Info keys <c>{KEY}.synced</c> (true/false), where KEY is the
/// symbol's <c>ExchangePaths.Key</c> (<c>BTCUSDT</c>, <c>binance-spot/BTCUSDT</c>, <c>binance-cm/BTCUSD_PERP</c>),
/// <c>.best_bid</c>, <c>.best_ask</c>, <c>.spread</c>, <c>.levels</c> (bids/asks), <c>.resyncs</c>,
/// <c>.lag_ms</c> (now minus the last applied event time), <c>.feed</c> (connected/waiting); and totals.
/// </summary>
internal static class OrderBookStatus
{
    public static ChildStatus Build(IReadOnlyList<SymbolBook> books, DateTimeOffset now)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        long resyncs = 0, rejected = 0, malformed = 0, depth = 0, snapshots = 0, requests = 0, rows = 0, written = 0, dropped = 0, lastEvent = 0, lastLocal = 0, memoryFrames = 0, journalFrames = 0, journalBytes = 0;
        int synced = 0, feeds = 0;
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var b in books)
        {
            lock (b.Gate)
            {
                var book = b.Sync.Book;
                var isSynced = b.Sync.State == BookSyncState.Synced;
                var s = b.Key + ".";
                info[s + "synced"] = isSynced ? "true" : "false";
                info[s + "feed"] = b.Connection is null ? "waiting" : "connected";
                info[s + "resyncs"] = Invariant(b.Sync.Resyncs);
                if (isSynced)
                {
                    book.Bids.TryGetBest(out var bid);
                    book.Asks.TryGetBest(out var ask);
                    info[s + "best_bid"] = bid.Price.ToString(CultureInfo.InvariantCulture);
                    info[s + "best_ask"] = ask.Price.ToString(CultureInfo.InvariantCulture);
                    info[s + "spread"] = (ask.Price - bid.Price).ToString(CultureInfo.InvariantCulture);
                    info[s + "levels"] = Invariant(book.Bids.Count) + "/" + Invariant(book.Asks.Count);
                    info[s + "lag_ms"] = Invariant(nowMs - book.LastEventTimeMs);
                    lastEvent = Math.Max(lastEvent, book.LastEventTimeMs);
                    lastLocal = Math.Max(lastLocal, book.LastLocalTimeUs);
                    synced++;
                }

                feeds += b.Connection is null ? 0 : 1;
                resyncs += b.Sync.Resyncs;
                rejected += b.Sync.SnapshotsRejected;
                malformed += b.Malformed;
                depth += b.DepthFrames;
                snapshots += b.SnapshotFrames;
                requests += b.SnapshotRequestsSent;
                rows += b.OrderBookRows;
            }

            written += b.Output.Written;
            dropped += b.Output.Dropped;
            var backlog = b.Output.Backlog;
            memoryFrames += backlog.MemoryFrames;
            journalFrames += backlog.JournalFrames;
            journalBytes += backlog.JournalBytes;
        }

        var status = new ChildStatus
        {
            Role = "orderbook",
            State = "running",
            Detail = FormattableString.Invariant($"{synced} of {books.Count} books synced, {feeds} feeds connected"),
            Streams = { ["orderbook"] = new StreamStatus(depth + snapshots, rows, lastEvent, lastLocal) },
            Counters =
            {
                ["resyncs"] = resyncs,
                ["snapshots_rejected"] = rejected,
                ["malformed"] = malformed,
                ["depth_events"] = depth,
                ["snapshots"] = snapshots,
                ["snapshot_requests"] = requests,
                ["rows_written"] = written,
                ["rows_dropped"] = dropped,
                ["books_synced"] = synced,
                ["feeds_connected"] = feeds,
            },
            Info = info,
        };
        HandoffCounters.Add(status, new HandoffBacklog(memoryFrames, 0, journalFrames, journalBytes));
        return status;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
