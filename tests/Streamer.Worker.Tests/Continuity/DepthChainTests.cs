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

    [Test]
    public void TheChainIsJudgedByTheExchangesRule_NotByFuturesIdsHardCoded()
    {
        // The same two diffs that continue on futures (pu = previous u) break under a rule that wants U = previous u + 1.
        var chain = new DepthChain(new NextIdRule());
        chain.Observe(100, 110, 95);

        Assert.That(chain.Observe(130, 140, 110), Is.EqualTo(DepthStep.Broken));
        Assert.That(chain.Observe(141, 150, 0), Is.EqualTo(DepthStep.Continues));
        Assert.That(chain.SnapshotFits(129), Is.True, "the rule says the segment's first diff (U 130) may follow snapshot 129");
        Assert.That(chain.SnapshotFits(128), Is.False);
    }

    /// <summary>A spot-like rule (no pu; U = previous u + 1; the first diff covers L + 1), only to prove the seam.</summary>
    private sealed class NextIdRule : IDepthSequenceRule
    {
        public bool IsBeforeSnapshot(long finalUpdateId, long snapshotLastUpdateId) => finalUpdateId <= snapshotLastUpdateId;

        public bool StraddlesSnapshot(long firstUpdateId, long finalUpdateId, long snapshotLastUpdateId) =>
            firstUpdateId <= snapshotLastUpdateId + 1 && snapshotLastUpdateId + 1 <= finalUpdateId;

        public bool Continues(DepthUpdateIds update, long previousFinalUpdateId) => update.First == previousFinalUpdateId + 1;
    }
}
