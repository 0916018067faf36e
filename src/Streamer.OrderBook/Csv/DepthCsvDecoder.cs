using System.Diagnostics.CodeAnalysis;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Csv;

/// <summary>
/// Decodes the CSV rows of <c>depth</c> and <c>depth_snapshot</c> frames (columns of StreamCatalog.Depth and
/// StreamCatalog.DepthSnapshot) into reusable <see cref="DepthUpdate"/> / <see cref="BookSnapshot"/>
/// instances, allocating nothing per row. A frame carries exactly one depthUpdate (N level rows, or one
/// row with empty side, price and quantity when it changed no level) or exactly one snapshot.
/// </summary>
/// <remarks>
/// Columns an exchange does not send are written empty and read as 0: <c>transact_time</c> and
/// <c>prev_final_update_id</c> of spot depth rows, <c>event_time</c> and <c>transact_time</c> of spot snapshot rows.
/// Update ids, a depth row's <c>event_time</c> and <c>local_time_us</c> are always required.
/// Errors are constant sentences: the caller counts them as malformed input and logs them.</remarks>
public static class DepthCsvDecoder
{
    private static ReadOnlySpan<byte> Bid => "bid"u8;

    private static ReadOnlySpan<byte> Ask => "ask"u8;

    /// <summary>
    /// Decodes one depth frame's rows:
    /// <c>event_time,transact_time,first_update_id,final_update_id,prev_final_update_id,side,price,quantity,local_time_us</c>
    /// (<c>transact_time</c> and <c>prev_final_update_id</c> may be empty: 0).
    /// </summary>
    public static bool TryDecodeUpdate(ReadOnlySpan<byte> rows, DepthUpdate update, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(update);
        update.Clear();
        var count = 0;
        var sawEmptyRow = false;
        while (!rows.IsEmpty)
        {
            if (!CsvFields.TryTakeRow(ref rows, out var row))
            {
                error = "depth frame ends in a row without a line end";
                return false;
            }

            var f = new CsvFields(row);
            if (!f.TryNextLong(out var e) || !f.TryNextOptionalLong(out var t) || !f.TryNextLong(out var first)
                || !f.TryNextLong(out var final) || !f.TryNextOptionalLong(out var prev))
            {
                error = "depth row has a missing or non-numeric time or update id";
                return false;
            }

            if (count == 0)
            {
                update.EventTimeMs = e;
                update.TransactTimeMs = t;
                update.FirstUpdateId = first;
                update.FinalUpdateId = final;
                update.PrevFinalUpdateId = prev;
            }
            else if (e != update.EventTimeMs || t != update.TransactTimeMs || first != update.FirstUpdateId
                     || final != update.FinalUpdateId || prev != update.PrevFinalUpdateId)
            {
                error = "depth frame holds rows of more than one depthUpdate";
                return false;
            }

            if (!TryReadLevel(ref f, update.Bids, update.Asks, out var empty, out error))
            {
                return false;
            }

            sawEmptyRow |= empty;
            if (!f.TryNextLong(out var local) || !f.AtEnd)
            {
                error = "depth row has a bad local_time_us or extra columns";
                return false;
            }

            update.LocalTimeUs = Math.Max(update.LocalTimeUs, local);
            count++;
        }

        return Finish(count, sawEmptyRow, "depth", out error);
    }

    /// <summary>
    /// Decodes one snapshot frame's rows: <c>last_update_id,event_time,transact_time,side,price,quantity,local_time_us</c>
    /// (<c>event_time</c> and <c>transact_time</c> may be empty: 0).
    /// </summary>
    public static bool TryDecodeSnapshot(ReadOnlySpan<byte> rows, BookSnapshot snapshot, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.Clear();
        var count = 0;
        var sawEmptyRow = false;
        while (!rows.IsEmpty)
        {
            if (!CsvFields.TryTakeRow(ref rows, out var row))
            {
                error = "depth_snapshot frame ends in a row without a line end";
                return false;
            }

            var f = new CsvFields(row);
            if (!f.TryNextLong(out var id) || !f.TryNextOptionalLong(out var e) || !f.TryNextOptionalLong(out var t))
            {
                error = "depth_snapshot row has a missing or non-numeric update id or time";
                return false;
            }

            if (count == 0)
            {
                snapshot.LastUpdateId = id;
                snapshot.EventTimeMs = e;
                snapshot.TransactTimeMs = t;
            }
            else if (id != snapshot.LastUpdateId || e != snapshot.EventTimeMs || t != snapshot.TransactTimeMs)
            {
                error = "depth_snapshot frame holds rows of more than one snapshot";
                return false;
            }

            if (!TryReadLevel(ref f, snapshot.Bids, snapshot.Asks, out var empty, out error))
            {
                return false;
            }

            sawEmptyRow |= empty;
            if (!f.TryNextLong(out var local) || !f.AtEnd)
            {
                error = "depth_snapshot row has a bad local_time_us or extra columns";
                return false;
            }

            snapshot.LocalTimeUs = Math.Max(snapshot.LocalTimeUs, local);
            count++;
        }

        return Finish(count, sawEmptyRow, "depth_snapshot", out error);
    }

    private static bool TryReadLevel(ref CsvFields f, LevelList bids, LevelList asks, out bool empty, [NotNullWhen(false)] out string? error)
    {
        empty = false;
        if (!f.TryNext(out var side) || !f.TryNext(out var priceText) || !f.TryNext(out var quantityText))
        {
            error = "row has too few columns";
            return false;
        }

        if (side.IsEmpty)
        {
            empty = true;
            error = priceText.IsEmpty && quantityText.IsEmpty ? null : "row without a side has a price or quantity";
            return error is null;
        }

        if (!CsvFields.ParseDecimal(priceText, out var price) || price <= 0m
            || !CsvFields.ParseDecimal(quantityText, out var quantity) || quantity < 0m)
        {
            error = "row has a price or quantity that is not a non-negative decimal";
            return false;
        }

        if (side.SequenceEqual(Bid))
        {
            bids.Add(price, quantity);
        }
        else if (side.SequenceEqual(Ask))
        {
            asks.Add(price, quantity);
        }
        else
        {
            error = "row side is neither bid nor ask";
            return false;
        }

        error = null;
        return true;
    }

    private static bool Finish(int count, bool sawEmptyRow, string stream, [NotNullWhen(false)] out string? error)
    {
        error = count switch
        {
            0 => stream == "depth" ? "depth frame has no rows" : "depth_snapshot frame has no rows",
            > 1 when sawEmptyRow => stream == "depth" ? "depth frame mixes a no-level row with level rows" : "depth_snapshot frame mixes a no-level row with level rows",
            _ => null,
        };
        return error is null;
    }
}
