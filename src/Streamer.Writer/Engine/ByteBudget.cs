namespace Streamer.Writer.Engine;

/// <summary>
/// Bounds the bytes the writer holds in memory (read from pipes, not yet handed to the OS). When it is
/// spent, connections stop reading, which pushes back on the clients: they keep their frames and slow
/// down, instead of the writer growing until it is killed.
/// </summary>
internal sealed class ByteBudget(long limit)
{
    private readonly Lock _lock = new();
    private long _used;
    private TaskCompletionSource? _room;

    public long Limit { get; } = limit;

    public long Used
    {
        get
        {
            lock (_lock)
            {
                return _used;
            }
        }
    }

    /// <summary>Counts bytes taken; a single frame may overshoot the limit.</summary>
    public void Take(long bytes)
    {
        lock (_lock)
        {
            _used += bytes;
        }
    }

    /// <summary>Returns bytes and wakes the waiting readers once there is room.</summary>
    public void Release(long bytes)
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            _used -= bytes;
            if (_used < Limit && _room is not null)
            {
                wake = _room;
                _room = null;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>Completes when less than the limit is in use.</summary>
    public Task WaitForRoomAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (_used < Limit)
            {
                return Task.CompletedTask;
            }

            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task.WaitAsync(ct);
        }
    }
}
