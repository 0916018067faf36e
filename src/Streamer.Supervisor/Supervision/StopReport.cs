using System.Globalization;
using Streamer.Core;
using Streamer.Pipes.Clients;

namespace Streamer.Supervisor.Supervision;

/// <summary>
/// What a graceful stop did with the rows the producers held: everything written, or journalled for the next start
/// (fine: exit 0), or lost (exit 1, with the count). Built from the producers' final status lines and exit codes.
/// </summary>
public sealed class StopReport
{
    private readonly Dictionary<string, long> _journalled = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    /// <summary>Frames journalled at the stop, per symbol (workers and order book together).</summary>
    public IReadOnlyDictionary<string, long> JournalledBySymbol => _journalled;

    /// <summary>Frames journalled at the stop, in all.</summary>
    public long Journalled => _journalled.Values.Sum();

    /// <summary>Frames known to be lost (neither written nor journalled).</summary>
    public long Lost { get; private set; }

    /// <summary>What went wrong, one sentence each.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Every received frame is written or durably journalled.</summary>
    public bool Safe => _problems.Count == 0;

    /// <summary>Adds a producer's (worker, order book) outcome.</summary>
    public void AddProducer(ChildStopOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        long lost = 0, inMemory = 0;
        foreach (var report in outcome.LastReports)
        {
            var symbol = report.Symbol ?? outcome.Child.Name;
            if (report.Counters.TryGetValue(HandoffCounters.StopJournalled, out var journalled) && journalled > 0)
            {
                _journalled[symbol] = _journalled.GetValueOrDefault(symbol) + journalled;
            }

            lost += report.Counters.GetValueOrDefault(HandoffCounters.StopLost);
            inMemory += report.Counters.GetValueOrDefault(HandoffCounters.MemoryFrames);
        }

        Lost += lost;
        if (outcome.Killed)
        {
            // Killed mid-stop: its journal survives, what it held only in memory (as of its last status line) does not.
            Lost += inMemory;
            _problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Child.Name} did not stop within the stop timeout and was killed; {inMemory} frame(s) it held in memory are lost"));
        }
        else if (lost > 0 || outcome.ExitCode == ExitCodes.FramesLost)
        {
            _problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Child.Name}: {lost} frame(s) could be neither written nor journalled (its log says why)"));
        }
    }

    /// <summary>Adds journals the supervisor itself was delivering (sources no longer configured).</summary>
    public void AddOrphans(IEnumerable<(string Source, HandoffResult Result)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var (source, result) in results)
        {
            if (result.Journalled > 0)
            {
                _journalled[source] = _journalled.GetValueOrDefault(source) + result.Journalled;
            }

            if (!result.Safe)
            {
                Lost += result.Lost;
                _problems.Add(string.Create(CultureInfo.InvariantCulture, $"journal of {source}: {result.Lost} frame(s) lost or not durable"));
            }
        }
    }

    /// <summary>"BTCUSDT 120, ETHUSDT 98" for the log.</summary>
    public string JournalledText() =>
        string.Join(", ", _journalled.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
}
