using Streamer.Core.Csv;
using Streamer.Core.Exchanges;
using Streamer.OrderBook.Books;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Csv;

/// <summary>
/// The inverse of <see cref="DepthCsvDecoder"/>: formats an update or a snapshot as the rows of one
/// <c>depth</c> / <c>depth_snapshot</c> frame. Workers format from the exchange's raw bytes instead; this is
/// the reference used by tests, benchmarks and tools.
/// </summary>
public static class DepthCsvEncoder
{
    /// <summary>Appends the rows of <paramref name="update"/> (one row with empty level fields when it has no levels).</summary>
    public static void WriteUpdate(CsvRowBuilder rows, DepthUpdate update) => WriteUpdate(rows, update, ExchangeIds.Default);

    /// <summary>
    /// Appends the rows of <paramref name="update"/> as <paramref name="exchange"/>'s worker writes them: spot sends no
    /// <c>T</c> and no <c>pu</c>, so <c>transact_time</c> and <c>prev_final_update_id</c> are empty.
    /// </summary>
    public static void WriteUpdate(CsvRowBuilder rows, DepthUpdate update, string exchange)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(update);
        var spot = IsSpot(exchange);
        if (update.Bids.Count == 0 && update.Asks.Count == 0)
        {
            UpdatePrefix(rows, update, spot).Empty().Empty().Empty().Long(update.LocalTimeUs).EndRow();
            return;
        }

        foreach (var level in update.Bids.Span)
        {
            UpdateLevel(rows, update, spot, "bid"u8, level);
        }

        foreach (var level in update.Asks.Span)
        {
            UpdateLevel(rows, update, spot, "ask"u8, level);
        }
    }

    /// <summary>Appends the rows of <paramref name="snapshot"/>.</summary>
    public static void WriteSnapshot(CsvRowBuilder rows, BookSnapshot snapshot) => WriteSnapshot(rows, snapshot, ExchangeIds.Default);

    /// <summary>
    /// Appends the rows of <paramref name="snapshot"/> as <paramref name="exchange"/>'s worker writes them: a spot
    /// snapshot has no <c>E</c> and no <c>T</c>, so <c>event_time</c> and <c>transact_time</c> are empty.
    /// </summary>
    public static void WriteSnapshot(CsvRowBuilder rows, BookSnapshot snapshot, string exchange)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(snapshot);
        var spot = IsSpot(exchange);
        if (snapshot.Bids.Count == 0 && snapshot.Asks.Count == 0)
        {
            SnapshotPrefix(rows, snapshot, spot).Empty().Empty().Empty().Long(snapshot.LocalTimeUs).EndRow();
            return;
        }

        foreach (var level in snapshot.Bids.Span)
        {
            SnapshotPrefix(rows, snapshot, spot).Raw("bid"u8).Decimal(level.Price).Decimal(level.Quantity).Long(snapshot.LocalTimeUs).EndRow();
        }

        foreach (var level in snapshot.Asks.Span)
        {
            SnapshotPrefix(rows, snapshot, spot).Raw("ask"u8).Decimal(level.Price).Decimal(level.Quantity).Long(snapshot.LocalTimeUs).EndRow();
        }
    }

    private static bool IsSpot(string exchange)
    {
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        return exchange == ExchangeIds.BinanceSpot;
    }

    private static void UpdateLevel(CsvRowBuilder rows, DepthUpdate update, bool spot, ReadOnlySpan<byte> side, PriceLevel level) =>
        UpdatePrefix(rows, update, spot).Raw(side).Decimal(level.Price).Decimal(level.Quantity).Long(update.LocalTimeUs).EndRow();

    private static CsvRowBuilder UpdatePrefix(CsvRowBuilder rows, DepthUpdate u, bool spot) => spot
        ? rows.Long(u.EventTimeMs).Empty().Long(u.FirstUpdateId).Long(u.FinalUpdateId).Empty()
        : rows.Long(u.EventTimeMs).Long(u.TransactTimeMs).Long(u.FirstUpdateId).Long(u.FinalUpdateId).Long(u.PrevFinalUpdateId);

    private static CsvRowBuilder SnapshotPrefix(CsvRowBuilder rows, BookSnapshot s, bool spot) => spot
        ? rows.Long(s.LastUpdateId).Empty().Empty()
        : rows.Long(s.LastUpdateId).Long(s.EventTimeMs).Long(s.TransactTimeMs);
}
