using System.Diagnostics;

namespace Streamer.Pipes.Clients;

/// <summary>
/// Tells the send loop whether frames arrive fast enough for gathering them into one write to pay: the
/// frame rate over the last <see cref="Window"/> against <see cref="GatherRate"/>. Measured from the
/// producer's frame numbers, so it costs nothing per frame.
/// </summary>
internal struct FrameRateGauge
{
    /// <summary>
    /// Frames per second from which a 1 ms gather collects about three frames: below it, the timer and the
    /// extra thread wake-up of the gather cost more than the writes it saves.
    /// </summary>
    public const double GatherRate = 3_000;

    /// <summary>How far back the rate looks: long enough to smooth bursts of a single tick, short enough to follow a burst.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    private long _windowStart;
    private long _windowFirstFrame;
    private bool _fast;

    /// <summary>
    /// Whether frames arrive at <see cref="GatherRate"/> or faster. <paramref name="nextFrame"/> is the number
    /// the next frame will get (it only grows); <paramref name="timestamp"/> is <see cref="Stopwatch.GetTimestamp"/>.
    /// </summary>
    public bool IsFast(long nextFrame, long timestamp)
    {
        if (_windowStart == 0)
        {
            _windowStart = timestamp;
            _windowFirstFrame = nextFrame;
            return false;
        }

        var elapsed = Stopwatch.GetElapsedTime(_windowStart, timestamp);
        if (elapsed >= Window)
        {
            // The rate over the window that just ended decides the next one; after a quiet spell the window
            // is long and the rate low, so the first frames of a new burst go out at once.
            _fast = (nextFrame - _windowFirstFrame) / elapsed.TotalSeconds >= GatherRate;
            _windowStart = timestamp;
            _windowFirstFrame = nextFrame;
        }

        return _fast;
    }
}
