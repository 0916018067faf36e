using System.Globalization;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Tests;

/// <summary>Small builders for hand-written test books.</summary>
internal static class Levels
{
    public static decimal D(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static DepthUpdate Update(long first, long final, long prev, (string P, string Q)[]? bids = null, (string P, string Q)[]? asks = null, long eventTime = 1_700_000_000_000)
    {
        var u = new DepthUpdate
        {
            EventTimeMs = eventTime,
            TransactTimeMs = eventTime - 1,
            FirstUpdateId = first,
            FinalUpdateId = final,
            PrevFinalUpdateId = prev,
            LocalTimeUs = eventTime * 1000 + 5,
        };
        foreach (var (p, q) in bids ?? [])
        {
            u.Bids.Add(D(p), D(q));
        }

        foreach (var (p, q) in asks ?? [])
        {
            u.Asks.Add(D(p), D(q));
        }

        return u;
    }

    public static BookSnapshot Snapshot(long lastUpdateId, (string P, string Q)[] bids, (string P, string Q)[] asks, long eventTime = 1_700_000_000_000)
    {
        var s = new BookSnapshot { LastUpdateId = lastUpdateId, EventTimeMs = eventTime, TransactTimeMs = eventTime - 1, LocalTimeUs = eventTime * 1000 };
        foreach (var (p, q) in bids)
        {
            s.Bids.Add(D(p), D(q));
        }

        foreach (var (p, q) in asks)
        {
            s.Asks.Add(D(p), D(q));
        }

        return s;
    }

    public static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
