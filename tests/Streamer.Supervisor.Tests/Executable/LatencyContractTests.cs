using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Metrics;
using Streamer.Writer.Status;

namespace Streamer.Supervisor.Tests.Executable;

/// <summary>
/// The writer's latency counters, as its status line carries them, read back by the supervisor. Lives
/// here because only the executable links the writer library into this test project.
/// </summary>
public class LatencyContractTests
{
    [Test]
    public void WriterHistogram_ReadsBackAsCumulativeBucketsInSeconds()
    {
        var histogram = new LatencyHistogram();
        const long written = 1_000_000;
        histogram.Observe(written - 3, written);       // 3 ms  -> le 0.005
        histogram.Observe(written - 5, written);       // 5 ms  -> le 0.005 (bounds are inclusive)
        histogram.Observe(written - 700, written);     // 700 ms -> le 1
        histogram.Observe(written + 50, written);      // exchange clock ahead: counts as 0
        histogram.Observe(written - 120_000, written); // 2 min -> only +Inf
        var status = new ChildStatus { Role = "writer" };
        histogram.AddTo(status.Counters);

        var read = LatencyCounters.Read(status)!;
        Assert.That(read.Count, Is.EqualTo(5));
        Assert.That(read.SumSeconds, Is.EqualTo((3 + 5 + 700 + 0 + 120_000) / 1000.0));
        Assert.That(read.Buckets.Select(b => b.UpperSeconds), Is.EqualTo(LatencyHistogram.BoundsMs.Select(ms => ms / 1000.0)));
        var cumulative = read.Buckets.ToDictionary(b => b.UpperSeconds, b => b.Count);
        Assert.That(cumulative[0.005], Is.EqualTo(3));
        Assert.That(cumulative[0.5], Is.EqualTo(3));
        Assert.That(cumulative[1], Is.EqualTo(4));
        Assert.That(cumulative[60], Is.EqualTo(4));
        Assert.That(histogram.Count, Is.EqualTo(5));
    }

    [Test]
    public void WriterStatus_CarriesTheHistogramAndBufferedBytes()
    {
        var status = new WriterStats().Snapshot();
        Assert.That(status.Counters, Does.ContainKey("buffered_bytes"));
        Assert.That(LatencyCounters.Read(status), Is.Not.Null);
        Assert.That(status.Counters.Keys.Where(k => !ChildCounterTable.IsMapped("writer", k)), Is.Empty, "every writer counter has a metric");
    }
}
