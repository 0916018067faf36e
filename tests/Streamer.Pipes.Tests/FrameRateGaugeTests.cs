using System.Diagnostics;
using Streamer.Pipes.Clients;

namespace Streamer.Pipes.Tests;

/// <summary>The send loop gathers frames only while they arrive faster than the gauge's rate.</summary>
public class FrameRateGaugeTests
{
    private static readonly long Start = Stopwatch.GetTimestamp();

    /// <summary>A timestamp <paramref name="milliseconds"/> after <see cref="Start"/>.</summary>
    private static long At(double milliseconds) => Start + (long)(milliseconds * Stopwatch.Frequency / 1000);

    [Test]
    public void AFewHundredFramesPerSecond_AreSentAtOnce()
    {
        var gauge = new FrameRateGauge();
        var frame = 1L;
        for (var ms = 0.0; ms < 200; ms += 3.7) // ~270 frames/s, a ten-symbol worker at a realistic rate
        {
            Assert.That(gauge.IsFast(frame++, At(ms)), Is.False, $"at {ms} ms");
        }
    }

    [Test]
    public void FramesFasterThanTheGatherRate_AreGathered_AfterOneWindow()
    {
        var gauge = new FrameRateGauge();
        var frame = 1L;
        var windowMs = FrameRateGauge.Window.TotalMilliseconds;
        var stepMs = 1000 / (FrameRateGauge.GatherRate * 2);
        var fast = false;
        for (var ms = 0.0; ms <= windowMs * 3; ms += stepMs)
        {
            fast = gauge.IsFast(frame++, At(ms));
            if (ms < windowMs)
            {
                Assert.That(fast, Is.False, "the first window decides nothing yet");
            }
        }

        Assert.That(fast, Is.True);
    }

    [Test]
    public void AfterAQuietSpell_TheFirstFramesGoOutAtOnce()
    {
        var gauge = new FrameRateGauge();
        var frame = 1L;
        var ms = 0.0;
        for (; ms <= 100; ms += 0.1)
        {
            gauge.IsFast(frame++, At(ms));
        }

        Assert.That(gauge.IsFast(frame, At(ms)), Is.True, "busy");
        Assert.That(gauge.IsFast(frame + 1, At(ms + 500)), Is.False, "one frame after half a second of silence");
    }
}
