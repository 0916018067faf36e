namespace Streamer.Simulator.Faults;

/// <summary>A forced REST answer (429 or 418) for a while, whatever the weight.</summary>
internal sealed class RestFaults
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private (int Status, DateTimeOffset Until) _forced;

    public RestFaults(TimeProvider time) => _time = time;

    public void Force(int status, TimeSpan duration)
    {
        if (status is not (429 or 418))
        {
            throw new ArgumentException($"only 429 and 418 can be forced, not {status}", nameof(status));
        }

        lock (_gate)
        {
            _forced = (status, _time.GetUtcNow() + duration);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _forced = default;
        }
    }

    /// <summary>The forced status and the seconds it still lasts, if any.</summary>
    public (int Status, int RetryAfterSeconds)? Current()
    {
        lock (_gate)
        {
            var left = _forced.Until - _time.GetUtcNow();
            return left > TimeSpan.Zero ? (_forced.Status, Math.Max(1, (int)Math.Ceiling(left.TotalSeconds))) : null;
        }
    }
}
