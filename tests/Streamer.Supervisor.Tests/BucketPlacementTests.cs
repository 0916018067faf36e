using NUnit.Framework;
using Streamer.Supervisor.Metrics;

namespace Streamer.Supervisor.Tests;

/// <summary>Replaying bucket counts: each value inside its bucket, the values adding up to the sum.</summary>
public class BucketPlacementTests
{
    private static readonly double[] Upper = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    [Test]
    public void RandomObservations_AreReplayedInsideTheirBuckets_WithTheirExactSum()
    {
        var random = new Random(5);
        for (var round = 0; round < 2_000; round++)
        {
            var counts = new long[Upper.Length + 1];
            var sum = 0.0;
            for (var n = random.Next(1, 40); n > 0; n--)
            {
                var ms = random.Next(4) == 0 ? random.Next(0, 100_000) : random.Next(0, 300);
                var value = ms / 1000.0;
                var bucket = Array.FindIndex(Upper, u => value <= u);
                counts[bucket < 0 ? Upper.Length : bucket]++;
                sum += value;
            }

            var values = BucketPlacement.Place(Upper, counts, sum);
            var placed = 0.0;
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] == 0)
                {
                    continue;
                }

                AssertInBucket(values[i], i);
                placed += values[i] * counts[i];
            }

            Assert.That(placed, Is.EqualTo(sum).Within(1e-9 * Math.Max(1, sum)), $"round {round}");
        }
    }

    [Test]
    public void ObservationsAboveTheLargestBound_TakeWhatTheOthersCannot()
    {
        long[] counts = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
        var values = BucketPlacement.Place(Upper, counts, 0.004 + 70 + 200);
        Assert.That(values[0], Is.EqualTo(0.005), "finite buckets at their upper bound");
        Assert.That(values[^1], Is.EqualTo((270.004 - 0.005) / 2).Within(1e-9));
    }

    [Test]
    public void ASumThatCannotBeMet_IsClamped_ValuesStillInTheirBuckets()
    {
        long[] counts = [0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var low = BucketPlacement.Place(Upper, counts, 0);
        AssertInBucket(low[1], 1);
        Assert.That(low[1], Is.EqualTo(0.005).Within(1e-12), "as low as the bucket goes");
        var high = BucketPlacement.Place(Upper, counts, 99);
        Assert.That(high[1], Is.EqualTo(0.01), "as high as the bucket goes");
    }

    [Test]
    public void ZeroLatency_StaysInTheFirstBucket()
    {
        long[] counts = [4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.That(BucketPlacement.Place(Upper, counts, 0)[0], Is.Zero);
    }

    private static void AssertInBucket(double value, int bucket)
    {
        var lower = bucket == 0 ? 0 : Upper[bucket - 1];
        var upper = bucket < Upper.Length ? Upper[bucket] : double.PositiveInfinity;
        Assert.That(value, bucket == 0 ? Is.GreaterThanOrEqualTo(lower) : Is.GreaterThan(lower), $"bucket {bucket}");
        Assert.That(value, Is.LessThanOrEqualTo(upper), $"bucket {bucket}");
    }
}
