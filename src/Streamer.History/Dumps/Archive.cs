using System.Globalization;

namespace Streamer.History.Dumps;

/// <summary>
/// One zip of the dump tree: a day (<c>daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2026-03-01.zip</c>) or
/// a whole month (<c>monthly/.../BTCUSDT-aggTrades-2026-03.zip</c>), each with a <c>.CHECKSUM</c> next to it.
/// </summary>
internal sealed record Archive(DumpType Type, string Symbol, DateOnly First, DateOnly Last, bool Monthly)
{
    public static Archive Day(DumpType type, string symbol, DateOnly day) => new(type, symbol, day, day, Monthly: false);

    public static Archive Month(DumpType type, string symbol, int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new Archive(type, symbol, first, first.AddMonths(1).AddDays(-1), Monthly: true);
    }

    public string FileName => string.Create(CultureInfo.InvariantCulture,
        $"{Type.Stem(Symbol)}-{(Monthly ? First.ToString("yyyy-MM", CultureInfo.InvariantCulture) : First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}.zip");

    /// <summary>Path below the base URL, as Binance publishes it.</summary>
    public string UrlPath => $"data/futures/um/{(Monthly ? "monthly" : "daily")}/{Type.Folder(Symbol)}/{FileName}";

    public string ChecksumUrlPath => UrlPath + ".CHECKSUM";

    /// <summary>The days it holds, in order.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>The daily archives of the same days (when a monthly one is not published yet).</summary>
    public IEnumerable<Archive> AsDays() => Days().Select(d => Day(Type, Symbol, d));

    /// <summary>How it reads in progress lines: <c>BTCUSDT aggTrades 2026-03-01</c> or <c>... 2026-03</c>.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture,
        $"{Symbol} {Type.Name} {(Monthly ? First.ToString("yyyy-MM", CultureInfo.InvariantCulture) : First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}");
}
