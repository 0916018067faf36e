namespace Streamer.History.Running;

/// <summary>Progress when stdout is not a terminal (a log, a pipe, a test): one line per finished day, no redrawing.</summary>
internal sealed class PlainProgress(TextWriter output, TimeProvider time) : IRunProgress
{
    private readonly ProgressCounters _counters = new(time);
    private readonly Lock _gate = new();

    public long Bytes => _counters.Bytes;

    public void Planned(int days) => _counters.Plan(days);

    public void Working(string label)
    {
    }

    public void Length(long bytes)
    {
    }

    public void Received(long bytes) => _counters.Received(bytes);

    public void Done(DayOutcome outcome)
    {
        _counters.DayDone();
        var line = $"{outcome.Symbol} {outcome.Type.Name} {outcome.Day:yyyy-MM-dd}: {SummaryTable.State(outcome.State)}{(outcome.Detail.Length > 0 ? " (" + outcome.Detail + ")" : "")} [{_counters.Describe()}]";
        lock (_gate)
        {
            output.WriteLine(line);
        }
    }
}
