namespace Streamer.OrderBook.Server;

/// <summary>
/// When to ask a worker for another depth snapshot. Each costs REST weight shared by every worker
/// (DESIGN section 2), so an unsynced book asks at once after losing sync, then waits 2 s, 4 s, ... up to
/// a minute between further requests until it is synced again.
/// </summary>
internal sealed class SnapshotRequestPacer
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private TimeSpan _wait = FirstWait;
    private long? _lastRequest;

    public SnapshotRequestPacer(TimeProvider time) => _time = time;

    /// <summary>The feed connected: its client asks for a snapshot by itself.</summary>
    public void PeerRequested()
    {
        _lastRequest = _time.GetTimestamp();
        _wait = FirstWait;
    }

    /// <summary>A synced book broke: ask at once.</summary>
    public void LostSync()
    {
        _lastRequest = null;
        _wait = FirstWait;
    }

    /// <summary>The book is synced: the next loss starts the backoff over.</summary>
    public void Synced() => _wait = FirstWait;

    /// <summary>True (and records the request) when a request should be sent now.</summary>
    public bool TryRequest()
    {
        if (_lastRequest is { } last && _time.GetElapsedTime(last) < _wait)
        {
            return false;
        }

        if (_lastRequest is not null)
        {
            _wait = TimeSpan.FromTicks(Math.Min(_wait.Ticks * 2, MaxWait.Ticks));
        }

        _lastRequest = _time.GetTimestamp();
        return true;
    }
}
