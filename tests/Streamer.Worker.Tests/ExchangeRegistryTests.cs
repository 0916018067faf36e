using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Worker.Exchanges;

namespace Streamer.Worker.Tests;

/// <summary>The worker's registry is the one place that sees every exchange library.</summary>
public sealed class ExchangeRegistryTests
{
    [Test]
    public void EveryIdTheConfigurationAccepts_HasAnImplementation_WithCoresRuleAndStreams()
    {
        Assert.That(ExchangeRegistry.All.Select(e => e.Id), Is.EqualTo(ExchangeIds.Known));
        foreach (var exchange in ExchangeRegistry.All)
        {
            Assert.That(exchange.DepthRule, Is.SameAs(DepthRules.For(exchange.Id)), exchange.Id);
            Assert.That(exchange.SupportedStreams, Is.EquivalentTo(ExchangeStreams.Of(exchange.Id)), exchange.Id);
        }
    }

    [Test]
    public void UnknownId_IsABug_NamingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ExchangeRegistry.Get("okx-swap"));
        Assert.That(e!.Message, Does.Contain("'okx-swap'").And.Contain("bybit-linear"));
    }
}
