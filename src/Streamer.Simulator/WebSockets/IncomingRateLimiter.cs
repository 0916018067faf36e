using System.Diagnostics;

namespace Streamer.Simulator.WebSockets;

/// <summary>Sliding one-second window over the last N client messages (Binance allows 10 per second).</summary>
internal sealed class IncomingRateLimiter
{
    private readonly long[] _times;
    private int _next;
    private int _count;

    public IncomingRateLimiter(int perSecond) => _times = new long[perSecond];

    public bool Allow()
    {
        var now = Stopwatch.GetTimestamp();
        if (_count < _times.Length)
        {
            _times[_count++] = now;
            return true;
        }

        // _next is the oldest of the last N; if it is less than a second old this is message N+1 within a second.
        if (Stopwatch.GetElapsedTime(_times[_next], now) < TimeSpan.FromSeconds(1))
        {
            return false;
        }

        _times[_next] = now;
        _next = (_next + 1) % _times.Length;
        return true;
    }
}
