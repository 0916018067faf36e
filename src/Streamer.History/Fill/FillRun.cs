using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Streamer.Core.Streams;
using Streamer.History.Cli;
using Streamer.History.Download;
using Streamer.History.Dumps;
using Streamer.History.Running;
using Streamer.Verify.Holes;

namespace Streamer.History.Fill;

/// <summary>
/// <c>streamer history fill</c>: asks <see cref="RecordingHoles"/> (the analysis of <c>streamer verify</c>)
/// which days and id ranges the recording misses, fetches the daily dump of each affected day and merges
/// exactly the missing rows in (<see cref="DayMerge"/>). Days the running recorder may still write
/// (today, and yesterday until <c>storage.close_grace</c> after midnight) are listed and left alone.
/// </summary>
internal sealed class FillRun(string dataDir, ArchiveDownloader downloader, TimeSpan closeGrace, TimeProvider time, ILogger logger)
{
    /// <summary>The first instant the writer is done with <paramref name="day"/>.</summary>
    public DateTimeOffset ClosedAt(DateOnly day) => new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + closeGrace;

    public async Task<IReadOnlyList<DayOutcome>> RunAsync(HistoryRequest request, IRunProgress progress, CancellationToken ct)
    {
        var streams = request.Types.Select(t => t.Stream).ToList();
        var plan = new SortedDictionary<(string Symbol, string Type, DateOnly Day), (DumpType Type, KeyRanges Missing)>();
        KeyRanges For(string symbol, DumpType type, DateOnly day)
        {
            if (!plan.TryGetValue((symbol, type.Name, day), out var entry))
            {
                entry = (type, new KeyRanges());
                plan[(symbol, type.Name, day)] = entry;
            }

            return entry.Missing;
        }

        var withIds = streams.Where(s => s.Type is StreamType.AggTrade or StreamType.Kline1m).ToList();
        if (withIds.Count > 0)
        {
            var holes = await RecordingHoles.FindIdHolesAsync(dataDir, request.Symbols, withIds, time, ct).ConfigureAwait(false);
            foreach (var hole in holes.Holes)
            {
                foreach (var day in hole.Days())
                {
                    For(hole.Symbol, DumpType.For(hole.Stream)!, day).Add(hole.From, hole.To);
                }
            }
        }

        foreach (var missing in RecordingHoles.MissingDays(dataDir, request.Symbols, streams))
        {
            For(missing.Symbol, DumpType.For(missing.Stream)!, missing.Day).AddWholeDay();
        }

        var now = time.GetUtcNow();
        var outcomes = new ConcurrentBag<DayOutcome>();
        var work = new List<(string Symbol, DumpType Type, DateOnly Day, KeyRanges Missing)>();
        foreach (var ((symbol, _, day), (type, missing)) in plan.Where(p => request.Selects(p.Key.Day)))
        {
            if (now < ClosedAt(day))
            {
                outcomes.Add(new DayOutcome(symbol, type, day, DayState.Open, 0,
                    string.Create(CultureInfo.InvariantCulture, $"the recorder may still write it; fill it after {ClosedAt(day):yyyy-MM-dd HH:mm} UTC")));
            }
            else
            {
                work.Add((symbol, type, day, missing));
            }
        }

        progress.Planned(outcomes.Count + work.Count);
        foreach (var open in outcomes)
        {
            progress.Done(open);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.Parallel, CancellationToken = ct };
        await Parallel.ForEachAsync(work, parallel, async (item, token) =>
        {
            var outcome = await FillDayAsync(item.Symbol, item.Type, item.Day, item.Missing, progress, token).ConfigureAwait(false);
            progress.Done(outcome);
            outcomes.Add(outcome);
        }).ConfigureAwait(false);
        return [.. outcomes];
    }

    private async Task<DayOutcome> FillDayAsync(string symbol, DumpType type, DateOnly day, KeyRanges missing, IRunProgress progress, CancellationToken ct)
    {
        var archive = Archive.Day(type, symbol, day);
        progress.Working(archive.Label);
        var fetched = await downloader.FetchAsync(archive, progress, ct).ConfigureAwait(false);
        if (fetched.Status != FetchStatus.Verified)
        {
            HistoryLog.Refused(logger, archive.Label, fetched.Detail);
            var state = fetched.FailedState;
            return new DayOutcome(symbol, type, day, state, 0, fetched.Detail);
        }

        try
        {
            var (inserted, kept, refused) = await DayMerge.MergeAsync(dataDir, symbol, type, day, missing, DumpReader.Read(fetched.Path!, type), ct).ConfigureAwait(false);
            if (refused is not null)
            {
                HistoryLog.Refused(logger, archive.Label, refused);
                return new DayOutcome(symbol, type, day, DayState.Failed, 0, "not touched: " + refused);
            }

            var what = missing.WholeDay ? "the day had no file" : Describe(missing);
            if (inserted == 0)
            {
                return new DayOutcome(symbol, type, day, DayState.NotInDump, 0, what + "; the dump does not have those rows either");
            }

            HistoryLog.Filled(logger, symbol, type.Stream.ConfigName, day, inserted, kept);
            return new DayOutcome(symbol, type, day, DayState.Filled, inserted,
                string.Create(CultureInfo.InvariantCulture, $"{what}; {kept:N0} recorded row(s) kept"));
        }
        catch (InvalidDataException e)
        {
            HistoryLog.Refused(logger, archive.Label, e.Message);
            return new DayOutcome(symbol, type, day, DayState.Failed, 0, "the dump does not read as expected: " + e.Message);
        }
        finally
        {
            File.Delete(fetched.Path!);
        }
    }

    private static string Describe(KeyRanges missing) =>
        "missing " + string.Join(", ", missing.Ranges.Take(3).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.From}..{r.To}")))
        + (missing.Ranges.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $" and {missing.Ranges.Count - 3} more") : "");
}
