using Streamer.Core.Status;

namespace Streamer.Supervisor.Status;

/// <summary>
/// Messages per second per stream, from the deltas of a child's cumulative counters over a short
/// window of reports (one report a second is too noisy on its own).
/// </summary>
public sealed class StreamRates
{
    private readonly TimeSpan _window;
    private readonly Queue<(DateTimeOffset At, Dictionary<string, long> Messages)> _samples = new();

    /// <param name="window">How far back the oldest sample used for the rate may be.</param>
    public StreamRates(TimeSpan window) => _window = window;

    /// <summary>Forgets all samples (the child restarted and its counters start again at 0).</summary>
    public void Reset() => _samples.Clear();

    /// <summary>Adds a report received at <paramref name="at"/>.</summary>
    public void Add(DateTimeOffset at, ChildStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var messages = status.Streams.ToDictionary(s => s.Key, s => s.Value.Messages);
        if (_samples.Count > 0)
        {
            var last = _samples.Last().Messages;
            if (messages.Any(m => last.TryGetValue(m.Key, out var before) && m.Value < before))
            {
                _samples.Clear();
            }
        }

        _samples.Enqueue((at, messages));
        // Keep one sample at or beyond the window so the rate always spans about the whole window.
        while (_samples.Count > 2 && at - _samples.ElementAt(1).At >= _window)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>Rate per stream between the oldest and newest sample; empty until there are two samples.</summary>
    public Dictionary<string, double> Current()
    {
        var result = new Dictionary<string, double>();
        if (_samples.Count < 2)
        {
            return result;
        }

        var (firstAt, first) = _samples.Peek();
        var (lastAt, last) = _samples.Last();
        var seconds = (lastAt - firstAt).TotalSeconds;
        if (seconds <= 0)
        {
            return result;
        }

        foreach (var (stream, count) in last)
        {
            var before = first.GetValueOrDefault(stream);
            result[stream] = Math.Round((count - before) / seconds, 1);
        }

        return result;
    }
}
