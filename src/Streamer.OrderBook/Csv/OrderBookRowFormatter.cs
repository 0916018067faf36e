using Streamer.Core.Csv;
using Streamer.Core.Streams;
using Streamer.OrderBook.Books;

namespace Streamer.OrderBook.Csv;

/// <summary>
/// Formats the <c>orderbook</c> file's row for a book: <c>local_time_us,last_update_id,event_time</c>, then
/// <c>bid_price_i,bid_qty_i,ask_price_i,ask_qty_i</c> for i = 0..depth-1 (StreamCatalog.OrderBookHeader);
/// levels the book does not have are empty fields. Reuses one buffer.
/// </summary>
public sealed class OrderBookRowFormatter
{
    private readonly CsvRowBuilder _row = new(256);

    /// <summary>Creates a formatter for <paramref name="depth"/> levels per side.</summary>
    public OrderBookRowFormatter(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Depth = depth;
        Header = StreamCatalog.OrderBookHeader(depth);
    }

    /// <summary>Levels per side.</summary>
    public int Depth { get; }

    /// <summary>The matching header row (without newline).</summary>
    public string Header { get; }

    /// <summary>Formats one row ending in '\n'. The memory is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Format(LocalOrderBook book, long localTimeUs)
    {
        ArgumentNullException.ThrowIfNull(book);
        _row.Clear();
        _row.Long(localTimeUs).Long(book.LastUpdateId).Long(book.LastEventTimeMs);
        for (var i = 0; i < Depth; i++)
        {
            Level(book.Bids, i);
            Level(book.Asks, i);
        }

        _row.EndRow();
        return _row.WrittenMemory;
    }

    private void Level(BookSide side, int depth)
    {
        if (depth < side.Count)
        {
            var level = side[depth];
            _row.Decimal(level.Price).Decimal(level.Quantity);
        }
        else
        {
            _row.Empty().Empty();
        }
    }
}
