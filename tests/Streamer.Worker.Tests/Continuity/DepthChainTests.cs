using Streamer.Core.Depth;
using Streamer.Worker.Continuity;

namespace Streamer.Worker.Tests.Continuity;

public sealed class DepthChainTests
{
    [Test]
    public void EventsWhosePuIsThePreviousU_Continue_EvenWhenUSkips()
    {
        var chain = new DepthChain(FuturesDepthRule.Instance);

        Assert.That(chain.Observe(100, 110, 95), Is.EqualTo(DepthStep.Started));
        Assert.That(chain.Observe(130, 140, 110), Is.EqualTo(DepthStep.Continues), "futures U is not previous u + 1");
        Assert.That(chain.LastFinal, Is.EqualTo(140));
    }

    [Test]
    public void PuBreak_IsBroken_AndStartsANewSegment()
    {
        var chain = new DepthChain(FuturesDepthRule.Instance);
        chain.Observe(100, 110, 95);

        Assert.That(chain.Observe(150, 160, 140), Is.EqualTo(DepthStep.Broken));
        Assert.That(chain.SegmentFirst, Is.EqualTo(150));
        Assert.That(chain.Observe(161, 170, 160), Is.EqualTo(DepthStep.Continues));
    }

    [Test]
    public void Snapshot_FitsOnlyWhenTheSegmentStartsAtOrBeforeIt()
    {
        var chain = new DepthChain(FuturesDepthRule.Instance);
        Assert.That(chain.SnapshotFits(105), Is.Null, "unknown until an event arrives");
        chain.Observe(100, 110, 95);

        Assert.That(chain.SnapshotFits(105), Is.True, "straddled by the first event");
        Assert.That(chain.SnapshotFits(500), Is.True, "a later event will straddle it");
        Assert.That(chain.SnapshotFits(99), Is.False, "older than every recorded update: the book cannot be rebuilt");
    }

    [Test]
    public void Reset_StartsANewSegmentWithoutABreak()
    {
        var chain = new DepthChain(FuturesDepthRule.Instance);
        chain.Observe(100, 110, 95);
        chain.Reset();

        Assert.That(chain.Observe(500, 510, 490), Is.EqualTo(DepthStep.Started));
    }
}
