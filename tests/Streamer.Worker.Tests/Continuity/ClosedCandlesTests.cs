using Streamer.Binance.Parsing;

namespace Streamer.Worker.Tests.Continuity;

public sealed class ClosedCandlesTests
{
    private static RestRows Page(params long[] opens) =>
        new(new byte[opens.Length], [.. opens.Select((o, i) => new RestRow(o, o + 59_999, i, 1))]);

    [Test]
    public void WithACandleSeenClosedLive_KeepsOnlyOlderOnes() =>
        Assert.That(SymbolWorker.ClosedCandles(Page(0, 60_000, 120_000, 180_000), heldFrom: 120_000, pageSize: 1000).Rows.Rows.Select(r => r.Id),
            Is.EqualTo(new long[] { 0, 60_000 }));

    [Test]
    public void AtThePresent_TheLastCandleMayBeOpen_AndIsLeftOut()
    {
        var page = SymbolWorker.ClosedCandles(Page(0, 60_000, 120_000), heldFrom: null, pageSize: 1000);

        Assert.That(page.Rows.Rows.Select(r => r.Id), Is.EqualTo(new long[] { 0, 60_000 }));
        Assert.That(page.ReachedPresent, Is.True);
    }
}
