namespace Streamer.Supervisor.Metrics;

/// <summary>
/// Turns a child's "total since this process started" into a total that never goes backwards: when the
/// child is restarted (a new <see cref="ProcessEpoch"/>) the last value of the process that ended becomes
/// part of a baseline and the new process counts on top of it. A value that falls within one epoch can
/// only mean that its source started again unseen (a supervisor child object replaced by a reload), and is
/// handled the same way. Prometheus requires this of a counter, and a counter that resets on every
/// restart makes <c>increase()</c> over a window with a restart guess.
/// </summary>
internal sealed class MonotonicTotal
{
    private ProcessEpoch? _epoch;
    private long _baseline;
    private long _last;

    /// <summary>Everything counted so far, across restarts.</summary>
    public long Total => _baseline + _last;

    /// <summary>Folds in the latest total of the process <paramref name="epoch"/>; returns <see cref="Total"/>.</summary>
    public long Fold(ProcessEpoch epoch, long value)
    {
        if (_epoch != epoch || value < _last)
        {
            _baseline += _last;
            _last = 0;
            _epoch = epoch;
        }

        _last = Math.Max(0, value);
        return Total;
    }
}
