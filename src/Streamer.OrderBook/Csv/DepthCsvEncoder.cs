using Streamer.Core.Csv;
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
    public static void WriteUpdate(CsvRowBuilder rows, DepthUpdate update)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(update);
        if (update.Bids.Count == 0 && update.Asks.Count == 0)
        {
            UpdatePrefix(rows, update).Empty().Empty().Empty().Long(update.LocalTimeUs).EndRow();
            return;
        }

        foreach (var level in update.Bids.Span)
        {
            UpdateLevel(rows, update, "bid"u8, level);
        }

        foreach (var level in update.Asks.Span)
        {
            UpdateLevel(rows, update, "ask"u8, level);
        }
    }

    /// <summary>Appends the rows of <paramref name="snapshot"/>.</summary>
    public static void WriteSnapshot(CsvRowBuilder rows, BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Bids.Count == 0 && snapshot.Asks.Count == 0)
        {
            SnapshotPrefix(rows, snapshot).Empty().Empty().Empty().Long(snapshot.LocalTimeUs).EndRow();
            return;
        }

        foreach (var level in snapshot.Bids.Span)
        {
            SnapshotPrefix(rows, snapshot).Raw("bid"u8).Decimal(level.Price).Decimal(level.Quantity).Long(snapshot.LocalTimeUs).EndRow();
        }

        foreach (var level in snapshot.Asks.Span)
        {
            SnapshotPrefix(rows, snapshot).Raw("ask"u8).Decimal(level.Price).Decimal(level.Quantity).Long(snapshot.LocalTimeUs).EndRow();
        }
    }

    private static void UpdateLevel(CsvRowBuilder rows, DepthUpdate update, ReadOnlySpan<byte> side, PriceLevel level) =>
        UpdatePrefix(rows, update).Raw(side).Decimal(level.Price).Decimal(level.Quantity).Long(update.LocalTimeUs).EndRow();

    private static CsvRowBuilder UpdatePrefix(CsvRowBuilder rows, DepthUpdate u) =>
        rows.Long(u.EventTimeMs).Long(u.TransactTimeMs).Long(u.FirstUpdateId).Long(u.FinalUpdateId).Long(u.PrevFinalUpdateId);

    private static CsvRowBuilder SnapshotPrefix(CsvRowBuilder rows, BookSnapshot s) =>
        rows.Long(s.LastUpdateId).Long(s.EventTimeMs).Long(s.TransactTimeMs);
}
