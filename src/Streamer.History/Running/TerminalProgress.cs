using Spectre.Console;

namespace Streamer.History.Running;

/// <summary>
/// Progress on a terminal: one Spectre.Console bar over the planned days, its label showing the archive
/// being fetched, bytes so far and the rate; erased when the run ends, so the summary table follows it.
/// </summary>
internal sealed class TerminalProgress : IRunProgress
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);

    private readonly ProgressTask _task;
    private readonly ProgressCounters _counters;
    private readonly TimeProvider _time;
    private long _lastLabel;
    private string _current = "";

    private TerminalProgress(ProgressTask task, TimeProvider time)
    {
        _task = task;
        _time = time;
        _counters = new ProgressCounters(time);
    }

    /// <summary>Runs <paramref name="work"/> under the live display.</summary>
    public static Task RunAsync(TimeProvider time, Func<IRunProgress, Task> work) =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                await work(new TerminalProgress(task, time)).ConfigureAwait(false);
            });

    public long Bytes => _counters.Bytes;

    public void Planned(int days)
    {
        _counters.Plan(days);
        _task.MaxValue = Math.Max(1, _counters.PlannedDays);
        Label(force: true);
    }

    public void Working(string label)
    {
        _current = label;
        Label(force: true);
    }

    public void Length(long bytes)
    {
    }

    public void Received(long bytes)
    {
        _counters.Received(bytes);
        Label(force: false);
    }

    public void Done(DayOutcome outcome)
    {
        _counters.DayDone();
        _task.Increment(1);
        Label(force: true);
    }

    private void Label(bool force)
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastLabel);
        if (!force && _time.GetElapsedTime(last, now) < Redraw)
        {
            return;
        }

        Interlocked.Exchange(ref _lastLabel, now);
        _task.Description = Markup.Escape($"{_current}  {_counters.Describe()}");
    }
}
