using System.Globalization;
using System.Text.Json;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>The book rebuilt in the test from a snapshot and the simulator's every change.</summary>
internal sealed class TrueBook
{
    private readonly SortedDictionary<decimal, string> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, string> _asks = [];
    private readonly long _snapshotId;
    private readonly HashSet<long> _applied = [];

    public TrueBook(JsonElement snapshot)
    {
        _snapshotId = snapshot.Long("lastUpdateId");
        Load(_bids, snapshot.GetProperty("bids"));
        Load(_asks, snapshot.GetProperty("asks"));
    }

    public bool Applied(long u) => u <= _snapshotId || _applied.Contains(u);

    public void Apply(JsonElement e)
    {
        var u = e.Long("u");
        if (Applied(u))
        {
            return;
        }

        _applied.Add(u);
        Load(_bids, e.GetProperty("b"));
        Load(_asks, e.GetProperty("a"));
    }

    public IEnumerable<string> TopRow(int depth)
    {
        var bids = _bids.Take(depth).ToList();
        var asks = _asks.Take(depth).ToList();
        for (var i = 0; i < depth; i++)
        {
            yield return i < bids.Count ? bids[i].Key.ToString(CultureInfo.InvariantCulture) : "";
            yield return i < bids.Count ? bids[i].Value : "";
            yield return i < asks.Count ? asks[i].Key.ToString(CultureInfo.InvariantCulture) : "";
            yield return i < asks.Count ? asks[i].Value : "";
        }
    }

    private static void Load(SortedDictionary<decimal, string> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            var price = decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture);
            var qty = level[1].GetString()!;
            if (decimal.Parse(qty, CultureInfo.InvariantCulture) == 0)
            {
                side.Remove(price);
            }
            else
            {
                side[price] = qty;
            }
        }
    }
}
