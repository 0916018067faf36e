using Streamer.Writer.Durability;

namespace Streamer.Writer.Tests;

public class CheckpointTests
{
    private static Checkpoint Sample() => new(
        "boot-1",
        new Dictionary<string, ulong> { ["worker:BTCUSDT"] = 42, ["orderbook:ETH USDT"] = 7 },
        new Dictionary<string, long> { ["BTCUSDT/aggtrade_BTCUSDT_20250314.csv"] = 1234 },
        [new CompressionCommit("BTCUSDT/depth_BTCUSDT_20250313.csv", "BTCUSDT/depth_BTCUSDT_20250313.csv.gz.3.tmp", "BTCUSDT/depth_BTCUSDT_20250313.csv.gz")]);

    [Test]
    public void RoundTrips()
    {
        var parsed = Checkpoint.TryParse(Sample().Serialize());
        Assert.That(parsed, Is.Not.Null);
        Assert.That(parsed!.BootId, Is.EqualTo("boot-1"));
        Assert.That(parsed.Sources, Is.EquivalentTo(Sample().Sources));
        Assert.That(parsed.Files, Is.EquivalentTo(Sample().Files));
        Assert.That(parsed.Compressions, Is.EqualTo(Sample().Compressions));
    }

    [Test]
    public void DamagedOrTruncated_IsRefused()
    {
        var bytes = Sample().Serialize();
        var flipped = (byte[])bytes.Clone();
        flipped[40] ^= 1;
        Assert.That(Checkpoint.TryParse(flipped), Is.Null);
        for (var cut = 0; cut < bytes.Length - 1; cut += 7)
        {
            Assert.That(Checkpoint.TryParse(bytes.AsSpan(0, cut)), Is.Null, $"cut at {cut}");
        }
    }
}
