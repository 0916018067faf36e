using System.Globalization;
using System.Text.Json;

namespace Streamer.Simulator.Tests.Support;

/// <summary>
/// A client-side book following Binance's USD-M (and COIN-M) procedure: buffer; seed from the snapshot;
/// drop events with u &lt; lastUpdateId; the first applied event has U &lt;= lastUpdateId &lt;= u; then
/// every event's pu equals the previous u. With <c>spot</c>, Binance's spot procedure instead: drop
/// u &lt;= lastUpdateId; the first applied event has U &lt;= lastUpdateId + 1 &lt;= u; then every U is the
/// previous u + 1 (spot events have no pu).
/// </summary>
internal sealed class LocalBook(bool spot = false)
{
    public SortedDictionary<decimal, string> Bids { get; } = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<decimal, string> Asks { get; } = new();

    public long LastUpdateId { get; private set; }

    public bool Synced { get; private set; }

    public int Applied { get; private set; }

    public int Dropped { get; private set; }

    public void Seed(JsonElement snapshot)
    {
        Bids.Clear();
        Asks.Clear();
        Load(Bids, snapshot.GetProperty("bids"));
        Load(Asks, snapshot.GetProperty("asks"));
        LastUpdateId = snapshot.GetProperty("lastUpdateId").GetInt64();
        Synced = false;
    }

    /// <summary>Applies one depthUpdate; false means the chain broke (the caller must resync).</summary>
    public bool Apply(JsonElement update)
    {
        var first = update.GetProperty("U").GetInt64();
        var last = update.GetProperty("u").GetInt64();
        if (spot)
        {
            return ApplySpot(update, first, last);
        }

        var previous = update.GetProperty("pu").GetInt64();
        if (!Synced)
        {
            if (last < LastUpdateId)
            {
                Dropped++;
                return true;
            }

            if (first > LastUpdateId)
            {
                return false;
            }

            Synced = true;
        }
        else if (previous != LastUpdateId)
        {
            return false;
        }

        Load(Bids, update.GetProperty("b"));
        Load(Asks, update.GetProperty("a"));
        LastUpdateId = last;
        Applied++;
        return true;
    }

    private bool ApplySpot(JsonElement update, long first, long last)
    {
        if (!Synced)
        {
            if (last <= LastUpdateId)
            {
                Dropped++;
                return true;
            }

            if (first > LastUpdateId + 1)
            {
                return false;
            }

            Synced = true;
        }
        else if (first != LastUpdateId + 1)
        {
            return false;
        }

        Load(Bids, update.GetProperty("b"));
        Load(Asks, update.GetProperty("a"));
        LastUpdateId = last;
        Applied++;
        return true;
    }

    /// <summary>Applies a change unconditionally (rebuilding the true book from the every-change truth).</summary>
    public void Force(JsonElement update)
    {
        Load(Bids, update.GetProperty("b"));
        Load(Asks, update.GetProperty("a"));
        LastUpdateId = update.GetProperty("u").GetInt64();
    }

    public (decimal Price, string Quantity) BestBid => Bids.Count == 0 ? (0, "") : (Bids.First().Key, Bids.First().Value);

    public (decimal Price, string Quantity) BestAsk => Asks.Count == 0 ? (0, "") : (Asks.First().Key, Asks.First().Value);

    public bool Crossed => Bids.Count > 0 && Asks.Count > 0 && BestBid.Price >= BestAsk.Price;

    private static void Load(SortedDictionary<decimal, string> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            var price = decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture);
            var quantity = level[1].GetString()!;
            if (decimal.Parse(quantity, CultureInfo.InvariantCulture) == 0)
            {
                side.Remove(price);
            }
            else
            {
                side[price] = quantity;
            }
        }
    }
}
