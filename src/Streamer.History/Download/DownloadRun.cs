using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Streamer.History.Cli;
using Streamer.History.Dumps;
using Streamer.History.Output;
using Streamer.History.Running;

namespace Streamer.History.Download;

/// <summary>
/// <c>streamer history download</c>: plans the archives of the requested days, skips days that already
/// have a file (so a re-run changes nothing, and a recorded day is never replaced), fetches the rest a
/// few at a time and writes each of their days atomically.
/// </summary>
internal sealed class DownloadRun(string dataDir, ArchiveDownloader downloader, ILogger logger)
{
    public async Task<IReadOnlyList<DayOutcome>> RunAsync(HistoryRequest request, IReadOnlyList<string> symbols, DateOnly today, IRunProgress progress, CancellationToken ct)
    {
        var outcomes = new ConcurrentBag<DayOutcome>();
        var work = new List<(Archive Archive, List<DateOnly> Wanted)>();
        var planned = 0;
        foreach (var symbol in symbols)
        {
            foreach (var type in request.Types)
            {
                foreach (var archive in ArchivePlan.For(type, symbol, request.From!.Value, request.To!.Value, today))
                {
                    var days = archive.Days().ToList();
                    planned += days.Count;
                    var wanted = days.Where(d => !DayPaths.Exists(dataDir, symbol, type.Stream, d)).ToList();
                    foreach (var day in days.Except(wanted))
                    {
                        outcomes.Add(new DayOutcome(symbol, type, day, DayState.Present, 0, ""));
                    }

                    if (wanted.Count > 0)
                    {
                        work.Add((archive, wanted));
                    }
                }
            }
        }

        progress.Planned(planned);
        foreach (var present in outcomes)
        {
            progress.Done(present);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.Parallel, CancellationToken = ct };
        await Parallel.ForEachAsync(work, parallel, async (item, token) =>
        {
            foreach (var outcome in await ProcessAsync(item.Archive, item.Wanted, progress, token).ConfigureAwait(false))
            {
                outcomes.Add(outcome);
            }
        }).ConfigureAwait(false);
        return [.. outcomes];
    }

    private async Task<List<DayOutcome>> ProcessAsync(Archive archive, IReadOnlyList<DateOnly> wanted, IRunProgress progress, CancellationToken ct)
    {
        progress.Working(archive.Label);
        var fetched = await downloader.FetchAsync(archive, progress, ct).ConfigureAwait(false);
        var outcomes = new List<DayOutcome>();
        if (fetched.Status == FetchStatus.MissingUpstream && archive.Monthly)
        {
            HistoryLog.MonthlyFallback(logger, archive.Label);
            foreach (var day in wanted)
            {
                outcomes.AddRange(await ProcessAsync(Archive.Day(archive.Type, archive.Symbol, day), [day], progress, ct).ConfigureAwait(false));
            }

            return outcomes;
        }

        if (fetched.Status != FetchStatus.Verified)
        {
            HistoryLog.Refused(logger, archive.Label, fetched.Detail);
            var state = fetched.FailedState;
            return [.. wanted.Select(d => Report(new DayOutcome(archive.Symbol, archive.Type, d, state, 0, fetched.Detail), progress))];
        }

        var (rows, error) = await DumpDayWriter.WriteAsync(fetched.Path!, archive, wanted, dataDir, ct).ConfigureAwait(false);
        if (error is not null)
        {
            HistoryLog.Refused(logger, archive.Label, error);
        }

        // Read to the end (or refused for good): the next run fetches it afresh if it needs it.
        File.Delete(fetched.Path!);
        var source = archive.Monthly ? "from the monthly archive" : "";
        foreach (var day in wanted)
        {
            var count = rows[day];
            outcomes.Add(Report(count switch
            {
                > 0 => new DayOutcome(archive.Symbol, archive.Type, day, DayState.Written, count, source),
                0 => new DayOutcome(archive.Symbol, archive.Type, day, DayState.MissingUpstream, 0, string.Create(CultureInfo.InvariantCulture, $"{archive.FileName} has no row of this day")),
                _ => new DayOutcome(archive.Symbol, archive.Type, day, DayState.Failed, 0, error!),
            }, progress));
        }

        return outcomes;
    }

    private static DayOutcome Report(DayOutcome outcome, IRunProgress progress)
    {
        progress.Done(outcome);
        return outcome;
    }
}
