using System.Globalization;
using Microsoft.Extensions.Logging;
using Streamer.Supervisor.Logging;

namespace Streamer.Supervisor.Status;

/// <summary>
/// One log line every so often saying that data is arriving (rows written, rate, files, workers streaming,
/// worst lag), so someone watching a foreground run or the daemon log sees progress without --status.
/// </summary>
public static class ProgressReporter
{
    /// <summary>Logs progress every <paramref name="interval"/> until <paramref name="ct"/> is cancelled.</summary>
    public static async Task RunAsync(Func<SupervisorSnapshot> snapshot, ILogger log, TimeSpan interval, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        long? previousRows = null;
        var previousAt = TimeProvider.System.GetTimestamp();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var s = snapshot();
                var writer = s.Children.FirstOrDefault(c => c.Role == "writer")?.Report;
                if (writer is null || !writer.Counters.TryGetValue("rows_written", out var rows))
                {
                    continue;
                }

                var now = TimeProvider.System.GetTimestamp();
                var seconds = TimeProvider.System.GetElapsedTime(previousAt, now).TotalSeconds;
                // The first line has no previous sample: average since the supervisor started instead.
                var sinceStart = (s.Now - s.StartedAt).TotalSeconds;
                // A restarted writer counts from 0 again: then its count so far is the rows of this interval.
                var rate = previousRows is { } p
                    ? (seconds > 0 ? (rows >= p ? rows - p : rows) / seconds : 0)
                    : (sinceStart > 0 ? rows / sinceStart : 0);
                previousRows = rows;
                previousAt = now;
                var workers = s.Children.Where(c => c.Role == "worker").ToList();
                var streaming = workers.Count(c => c.Report?.State == "streaming");
                // Per worker its newest event (quiet streams such as forceOrder say nothing about health),
                // then the stalest worker.
                var lastEvent = workers
                    .Select(c => c.Report?.Streams.Values.Select(st => st.LastEventTimeMs).DefaultIfEmpty(0).Max() ?? 0)
                    .Where(t => t > 0).DefaultIfEmpty(0).Min();
                var lag = lastEvent > 0 ? (s.Now.ToUnixTimeMilliseconds() - lastEvent) / 1000.0 : double.NaN;
                writer.Counters.TryGetValue("files_open", out var files);
                SupervisorLog.Progress(log, rows, rate, files, streaming, workers.Count,
                    double.IsNaN(lag) ? "-" : lag.ToString("0.0", CultureInfo.InvariantCulture) + "s");
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
