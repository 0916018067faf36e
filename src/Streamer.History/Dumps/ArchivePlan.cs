namespace Streamer.History.Dumps;

/// <summary>
/// Which archives hold a range of days: a monthly archive for every whole month of the range that is
/// over (Binance publishes it in the first days of the next month), daily archives for the rest. One
/// request per month instead of thirty; when the monthly one is not there yet, the runner falls back
/// to its days (<see cref="Archive.AsDays"/>).
/// </summary>
internal static class ArchivePlan
{
    public static IReadOnlyList<Archive> For(DumpType type, string symbol, DateOnly from, DateOnly to, DateOnly today)
    {
        var archives = new List<Archive>();
        var currentMonth = new DateOnly(today.Year, today.Month, 1);
        var day = from;
        while (day <= to)
        {
            var monthStart = new DateOnly(day.Year, day.Month, 1);
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            if (day == monthStart && monthEnd <= to && monthStart < currentMonth)
            {
                archives.Add(Archive.Month(type, symbol, day.Year, day.Month));
                day = monthEnd.AddDays(1);
            }
            else
            {
                archives.Add(Archive.Day(type, symbol, day));
                day = day.AddDays(1);
            }
        }

        return archives;
    }
}
