using System.Threading.Tasks.Sources;

namespace Streamer.Core.Threading;

/// <summary>
/// An auto-reset wake-up for one waiting loop, like <see cref="AsyncSignal"/> but allocation-free: the
/// waiter awaits a reused <see cref="IValueTaskSource"/>, so loops that sleep and wake hundreds of times a
/// second (a connection's ack sender, the client's send loop) do not allocate per wake-up. It has no
/// cancellation; whoever cancels the loop also calls <see cref="Set"/>, and the loop checks its token after
/// each wake-up. A wait may also end by a timeout; a <see cref="Set"/> while nobody waits is remembered for
/// the next wait, a timeout is not.
/// </summary>
public sealed class WakeSignal : IValueTaskSource, IDisposable
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Waiting = 2;

    private ManualResetValueTaskSourceCore<bool> _core;
    private Timer? _timer;
    private int _state;

    /// <summary>Creates a signal.</summary>
    /// <param name="runWaiterInline">
    /// Run the woken loop on the thread that calls <see cref="Set"/> (or the timer's) instead of queueing it to
    /// the thread pool: for a loop that only does a moment's work (copy frames, start a write), where not
    /// hopping to another thread is the point. The setter then pays for that work.
    /// </param>
    public WakeSignal(bool runWaiterInline = false) => _core.RunContinuationsAsynchronously = !runWaiterInline;

    /// <summary>Wakes the waiter, or the next wait if none waits now. Never blocks.</summary>
    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signalled:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Signalled, Idle) == Idle:
                    return;
                case Waiting when Complete():
                    return;
                default:
                    break; // Lost a race with the waiter: look again.
            }
        }
    }

    /// <summary>Completes at the next <see cref="Set"/> (at once if one came since the last wait). One waiter at a time.</summary>
    public ValueTask WaitAsync() => WaitAsync(Timeout.InfiniteTimeSpan);

    /// <summary>Like <see cref="WaitAsync()"/>, or after <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: none).</summary>
    public ValueTask WaitAsync(TimeSpan timeout)
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled)
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            // Set between the two steps: consume it.
            Volatile.Write(ref _state, Idle);
            return ValueTask.CompletedTask;
        }

        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer ??= new Timer(static s => ((WakeSignal)s!).Complete(), this, Timeout.Infinite, Timeout.Infinite);
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }

        return new ValueTask(this, _core.Version);
    }

    /// <summary>Stops the timeout timer, if a timed wait ever made one.</summary>
    public void Dispose() => _timer?.Dispose();

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Ends the current wait; false when there is none (a late timer then does nothing).</summary>
    private bool Complete()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Waiting) != Waiting)
        {
            return false;
        }

        _core.SetResult(true);
        return true;
    }
}
