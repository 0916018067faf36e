using Streamer.Core.Streams;

namespace Streamer.Verify.Holes;

/// <summary>
/// Ids missing between two consecutive rows of a recording, as <c>streamer verify</c> reports them:
/// <c>agg_trade_id</c>s of aggtrade, or open times (step one minute) of closed kline_1m candles. The
/// hole may cross midnight: its rows belong to the UTC days from <see cref="TimeBeforeMs"/> to
/// <see cref="TimeAfterMs"/>.
/// </summary>
/// <param name="Symbol">The symbol folder.</param>
/// <param name="Stream">aggtrade or kline_1m.</param>
/// <param name="From">First missing id (or open time).</param>
/// <param name="To">Last missing id (or open time).</param>
/// <param name="TimeBeforeMs">Exchange time of the row before the hole.</param>
/// <param name="TimeAfterMs">Exchange time of the row after the hole.</param>
/// <param name="Reported">An events row accounts for the whole hole (a gap the recorder knew about).</param>
public sealed record IdHole(string Symbol, StreamInfo Stream, long From, long To, long TimeBeforeMs, long TimeAfterMs, bool Reported)
{
    /// <summary>The UTC days the missing rows can belong to, in order.</summary>
    public IEnumerable<DateOnly> Days()
    {
        var first = StreamCatalog.UtcDay(TimeBeforeMs);
        var last = StreamCatalog.UtcDay(TimeAfterMs);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
