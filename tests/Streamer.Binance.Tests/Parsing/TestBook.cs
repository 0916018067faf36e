using System.Globalization;

namespace Streamer.Binance.Tests.Parsing;

/// <summary>
/// A plain order book fed with the recorder's own rows (depth_snapshot and depth CSV): absolute quantities, zero
/// removes the level. Prices are ordered as decimals but kept as the exchange's text, so the best level can be
/// compared byte for byte with a bookTicker.
/// </summary>
internal sealed class TestBook
{
    private readonly SortedDictionary<decimal, (string Price, string Quantity)> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, (string Price, string Quantity)> _asks = new();

    public int Bids => _bids.Count;

    public int Asks => _asks.Count;

    public (string Price, string Quantity) BestBid => _bids.First().Value;

    public (string Price, string Quantity) BestAsk => _asks.First().Value;

    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && _bids.First().Key >= _asks.First().Key;

    /// <summary>Replaces the book with depth_snapshot rows (<c>last_update_id,event_time,transact_time,side,price,quantity,local_time_us</c>).</summary>
    public void Load(string snapshotRows)
    {
        _bids.Clear();
        _asks.Clear();
        foreach (var row in Lines(snapshotRows))
        {
            var f = row.Split(',');
            Set(f[3], f[4], f[5]);
        }
    }

    /// <summary>Applies the rows of one depthUpdate (<c>event_time,transact_time,first_update_id,final_update_id,prev_final_update_id,side,price,quantity,local_time_us</c>).</summary>
    public void Apply(string depthRows)
    {
        foreach (var row in Lines(depthRows))
        {
            var f = row.Split(',');
            if (f[5].Length > 0)
            {
                Set(f[5], f[6], f[7]);
            }
        }
    }

    private void Set(string side, string price, string quantity)
    {
        var book = side switch
        {
            "bid" => _bids,
            "ask" => _asks,
            _ => throw new FormatException("bad side " + side),
        };
        var key = decimal.Parse(price, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (decimal.Parse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture) == 0)
        {
            book.Remove(key);
        }
        else
        {
            book[key] = (price, quantity);
        }
    }

    private static string[] Lines(string rows) => rows.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
