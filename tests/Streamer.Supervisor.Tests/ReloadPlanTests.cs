using NUnit.Framework;
using Streamer.Supervisor.Reload;

namespace Streamer.Supervisor.Tests;

public class ReloadPlanTests
{
    private const string Base = """
        mode: development
        modes:
          development:
            symbols:
              - BTCUSDT
              - {symbol: ETHUSDT, streams: [aggtrade, depth]}
              - {symbol: SOLUSDT, enabled: false}
        """;

    [Test]
    public void SameConfiguration_ChangesNothing()
    {
        var plan = ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(Base));
        Assert.That(plan.ChangesProcesses, Is.False);
        Assert.That(plan.OtherSections, Is.Empty);
        Assert.That(plan.Summary(), Is.EqualTo("no change to the running processes"));
    }

    [Test]
    public void EnablingASymbol_StartsIt_AndDisablingOne_StopsIt()
    {
        var next = Base.Replace("{symbol: SOLUSDT, enabled: false}", "SOLUSDT", StringComparison.Ordinal)
            .Replace("- BTCUSDT", "- {symbol: BTCUSDT, enabled: false}", StringComparison.Ordinal);
        var plan = ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(next));
        Assert.That(plan.Start, Is.EqualTo(new[] { "SOLUSDT" }));
        Assert.That(plan.Stop, Is.EqualTo(new[] { "BTCUSDT" }));
        Assert.That(plan.Restart, Is.Empty);
        Assert.That(plan.Summary(), Is.EqualTo("started SOLUSDT; stopped BTCUSDT"));
    }

    [Test]
    public void NamingTheDefaultExchange_IsNoChange()
    {
        var next = Base.Replace("{symbol: ETHUSDT, streams: [aggtrade, depth]}", "{symbol: ETHUSDT, streams: [aggtrade, depth], exchange: binance-um}", StringComparison.Ordinal);
        Assert.That(next, Is.Not.EqualTo(Base));
        Assert.That(ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(next)).ChangesProcesses, Is.False);
    }

    [Test]
    public void ChangedStreamsOrSnapshotSetting_RestartsOnlyThatWorker()
    {
        var next = Base.Replace("streams: [aggtrade, depth]", "streams: [aggtrade]", StringComparison.Ordinal);
        Assert.That(ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(next)).Restart, Is.EqualTo(new[] { "ETHUSDT" }));

        next = Base.Replace("streams: [aggtrade, depth]", "streams: [depth, aggtrade]", StringComparison.Ordinal);
        Assert.That(ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(next)).ChangesProcesses, Is.False, "order of streams does not matter");

        next = Base.Replace("streams: [aggtrade, depth]", "streams: [aggtrade, depth], depth_snapshot: false", StringComparison.Ordinal);
        Assert.That(ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(next)).Restart, Is.EqualTo(new[] { "ETHUSDT" }));
    }

    [Test]
    public void SwitchingTheOrderBookOn_StartsIt_AndRestartsWorkersSoTheyFeedIt()
    {
        var plan = ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(Base + "\norderbook:\n  enabled: true\n"));
        Assert.That(plan.OrderBook, Is.EqualTo(OrderBookChange.Start));
        Assert.That(plan.Restart, Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT" }));

        plan = ReloadPlan.Compute(TestConfigs.Parse(Base + "\norderbook:\n  enabled: true\n"), TestConfigs.Parse(Base + "\norderbook:\n  enabled: true\n  depth: 50\n"));
        Assert.That(plan.OrderBook, Is.EqualTo(OrderBookChange.Restart));
        Assert.That(plan.Restart, Is.Empty);
    }

    [Test]
    public void OtherSections_AreReported_NotApplied()
    {
        var plan = ReloadPlan.Compute(TestConfigs.Parse(Base), TestConfigs.Parse(Base + "\nnetwork:\n  request_timeout: 20s\nlogging:\n  level: debug\n"));
        Assert.That(plan.ChangesProcesses, Is.False);
        Assert.That(plan.OtherSections, Is.EqualTo(new[] { "network", "logging" }));
    }

    [Test]
    public void SwitchingTheMode_StartsAndStopsTheDifference()
    {
        const string twoModes = """
            mode: MODE
            modes:
              development:
                symbols: [BTCUSDT, ETHUSDT]
              production:
                symbols: [BTCUSDT, SOLUSDT]
            """;
        var plan = ReloadPlan.Compute(
            TestConfigs.Parse(twoModes.Replace("MODE", "development", StringComparison.Ordinal)),
            TestConfigs.Parse(twoModes.Replace("MODE", "production", StringComparison.Ordinal)));
        Assert.That(plan.Start, Is.EqualTo(new[] { "SOLUSDT" }));
        Assert.That(plan.Stop, Is.EqualTo(new[] { "ETHUSDT" }));
        Assert.That(plan.Restart, Is.Empty);
    }
}
