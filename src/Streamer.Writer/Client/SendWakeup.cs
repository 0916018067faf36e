using System.Threading.Tasks.Sources;

namespace Streamer.Writer.Client;

/// <summary>
/// The send loop's only way to sleep: until <see cref="Set"/> (rows to send, or stopping) or a timeout (frames
/// gathering into one write). Allocation-free, unlike <c>Task.Delay</c> or a channel read with a token, because
/// the loop sleeps and wakes hundreds of times a second under load. One waiter at a time.
/// </summary>
/// <remarks>
/// A wake-up runs the loop's continuation on the thread that calls <see cref="Set"/> (or the timer's): the loop
/// only copies kept frames and starts a pipe write, and not hopping to another thread is the point.
/// A <see cref="Set"/> while nobody waits is remembered for the next wait; a timeout is not.
/// </remarks>
internal sealed class SendWakeup : IValueTaskSource, IDisposable
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Waiting = 2;

    private readonly Timer _timer;
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _state;

    public SendWakeup()
    {
        _core.RunContinuationsAsynchronously = false;
        _timer = new Timer(static s => ((SendWakeup)s!).Complete(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Wakes the waiter, or the next wait if nobody waits.</summary>
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
            }
        }
    }

    /// <summary>Waits for <see cref="Set"/> or <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: no timeout).</summary>
    public ValueTask WaitAsync(TimeSpan timeout)
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled)
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            // Set in between: consume it.
            Volatile.Write(ref _state, Idle);
            return ValueTask.CompletedTask;
        }

        _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        return new ValueTask(this, _core.Version);
    }

    public void Dispose() => _timer.Dispose();

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
