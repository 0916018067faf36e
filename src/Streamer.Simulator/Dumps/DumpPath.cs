using System.Globalization;
using System.Text.RegularExpressions;

namespace Streamer.Simulator.Dumps;

/// <summary>
/// A request path of the dumps tree, as data.binance.vision lays it out:
/// <c>/data/futures/um/{daily|monthly}/aggTrades/{SYM}/{SYM}-aggTrades-{date}.zip[.CHECKSUM]</c> and
/// <c>/data/futures/um/{daily|monthly}/klines/{SYM}/1m/{SYM}-1m-{date}.zip[.CHECKSUM]</c>, date
/// <c>YYYY-MM-DD</c> (daily) or <c>YYYY-MM</c> (monthly).
/// </summary>
internal sealed partial record DumpPath(bool Monthly, bool Klines, string Symbol, DateOnly First, DateOnly Last, bool Checksum)
{
    public string FileName => $"{Symbol}-{(Klines ? "1m" : "aggTrades")}-{(Monthly ? First.ToString("yyyy-MM", CultureInfo.InvariantCulture) : First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}.zip";

    public static DumpPath? TryParse(string path)
    {
        var m = PathPattern().Match(path);
        if (!m.Success || m.Groups["sym"].Value != m.Groups["sym2"].Value)
        {
            return null;
        }

        var monthly = m.Groups["period"].Value == "monthly";
        var klines = m.Groups["type"].Value == "klines";
        if (klines != (m.Groups["stem"].Value == "1m") || (klines && m.Groups["interval"].Value != "/1m"))
        {
            return null;
        }

        var date = m.Groups["date"].Value;
        if (monthly && DateOnly.TryParseExact(date + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return new DumpPath(true, klines, m.Groups["sym"].Value, month, month.AddMonths(1).AddDays(-1), m.Groups["checksum"].Success);
        }

        if (!monthly && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DumpPath(false, klines, m.Groups["sym"].Value, day, day, m.Groups["checksum"].Success);
        }

        return null;
    }

    [GeneratedRegex(@"^/data/futures/um/(?<period>daily|monthly)/(?<type>aggTrades|klines)/(?<sym>[A-Z0-9]+)(?<interval>/1m)?/(?<sym2>[A-Z0-9]+)-(?<stem>aggTrades|1m)-(?<date>\d{4}-\d{2}(-\d{2})?)\.zip(?<checksum>\.CHECKSUM)?$")]
    private static partial Regex PathPattern();
}
