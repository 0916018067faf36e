using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.Verify.Cli;
using Streamer.Verify.Files;
using Streamer.Verify.Report;
using Streamer.Verify.Running;

namespace Streamer.Verify.Holes;

/// <summary>
/// What a recording misses, for tools that repair it (<c>streamer history fill</c>) and for
/// <c>streamer verify --missing-days</c>: the same analysis as <c>streamer verify</c>, not a second one.
/// The public methods look at the default exchange's folders only (<c>{data_dir}/{SYMBOL}</c>): <c>history fill</c>
/// repairs from Binance USD-M's dumps, which have nothing for another market's files.
/// </summary>
public static class RecordingHoles
{
    private static readonly string[] DefaultExchangeOnly = [ExchangeIds.Default];

    /// <summary>
    /// Days without a file between the first and last recorded day of each symbol and stream of the default
    /// exchange, in symbol, stream and day order. Only the directory is listed; no file is read.
    /// </summary>
    /// <param name="dataDir">The data directory.</param>
    /// <param name="symbols">Only these symbols; empty for every symbol folder.</param>
    /// <param name="streams">Only these streams; null for every stream that has a daily file (not events).</param>
    public static IReadOnlyList<MissingDay> MissingDays(string dataDir, IReadOnlyList<string> symbols, IReadOnlyCollection<StreamInfo>? streams = null) =>
        MissingDays(dataDir, symbols, streams, DefaultExchangeOnly);

    /// <summary>
    /// <see cref="MissingDays(string, IReadOnlyList{string}, IReadOnlyCollection{StreamInfo}?)"/> over the folders of
    /// <paramref name="exchanges"/> (null: every known exchange, as <c>verify --missing-days</c> lists them); each
    /// <see cref="MissingDay.Symbol"/> is then the symbol's key (<c>binance-spot/BTCUSDT</c>).
    /// </summary>
    internal static IReadOnlyList<MissingDay> MissingDays(string dataDir, IReadOnlyList<string> keys, IReadOnlyCollection<StreamInfo>? streams, IReadOnlyCollection<string>? exchanges)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var (folders, _) = DataDirectory.List(dataDir, keys, exchanges);
        var missing = new List<MissingDay>();
        foreach (var files in folders)
        {
            // Events are dated by local time and written only when something happens: a day without
            // one is normal.
            foreach (var stream in StreamCatalog.All.Where(s => s.Type != StreamType.Events && (streams is null || streams.Contains(s))))
            {
                var days = files.Days(stream);
                for (var i = 1; i < days.Count; i++)
                {
                    for (var day = days[i - 1].Day.AddDays(1); day < days[i].Day; day = day.AddDays(1))
                    {
                        missing.Add(new MissingDay(files.Key, stream, day));
                    }
                }
            }
        }

        return missing;
    }

    /// <summary>
    /// Every id hole of aggtrade and kline_1m of the default exchange that <c>streamer verify</c> finds (reported ones included:
    /// an events <c>gap</c> is data the exchange's REST no longer served, not data that cannot exist).
    /// Per day only the first <see cref="DayResult.MaxDetails"/> holes are listed;
    /// <see cref="IdHoles.Truncated"/> says when more exist.
    /// </summary>
    /// <param name="dataDir">The data directory.</param>
    /// <param name="symbols">Only these symbols; empty for every symbol folder.</param>
    /// <param name="time">Tells which files are live (today's), whose torn last line is not an error.</param>
    /// <param name="ct">Stops the reading.</param>
    /// <param name="streams">aggtrade, kline_1m or both: only those files are read (and the events files).</param>
    public static async Task<IdHoles> FindIdHolesAsync(string dataDir, IReadOnlyList<string> symbols, IReadOnlyCollection<StreamInfo> streams, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var options = new VerifyOptions(new HashSet<DateOnly>(), symbols, Json: false) { Streams = streams, Exchanges = DefaultExchangeOnly };
        var report = await new Verifier(dataDir, options, time, new VerifyProgress()).RunAsync(ct).ConfigureAwait(false);
        var holes = new List<IdHole>();
        var truncated = false;
        foreach (var day in report.Days.Where(d => d.Stream.Type is StreamType.AggTrade or StreamType.Kline1m))
        {
            holes.AddRange(day.Gaps.Select(g => new IdHole(day.Symbol, day.Stream, g.From, g.To, g.TimeBeforeMs, g.TimeAfterMs, g.IsReported)));
            truncated |= day.GapCount > day.Gaps.Count;
        }

        return new IdHoles(holes, truncated);
    }
}

/// <summary>The id holes of a recording.</summary>
/// <param name="Holes">In symbol, stream and id order.</param>
/// <param name="Truncated">Some day had more holes than are listed: run the repair again afterwards.</param>
public sealed record IdHoles(IReadOnlyList<IdHole> Holes, bool Truncated);
