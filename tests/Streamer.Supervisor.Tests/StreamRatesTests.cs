using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Tests;

public class StreamRatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ChildStatus Report(long aggTrades) => new()
    {
        Role = "worker",
        Streams = { ["aggtrade"] = new StreamStatus(aggTrades, aggTrades, 0, 0) },
    };

    [Test]
    public void Rate_IsTheDeltaOverTheWindow()
    {
        var rates = new StreamRates(TimeSpan.FromSeconds(10));
        Assert.That(rates.Current(), Is.Empty, "one report is not a rate");
        for (var s = 0; s <= 20; s++)
        {
            rates.Add(T0.AddSeconds(s), Report(s < 10 ? s * 100 : 1000 + ((s - 10) * 10)));
        }

        // The last ten seconds carried 10 messages a second, the ten before 100.
        Assert.That(rates.Current()["aggtrade"], Is.EqualTo(10).Within(0.5));
    }

    [Test]
    public void CountersThatGoBack_StartANewSeries()
    {
        var rates = new StreamRates(TimeSpan.FromSeconds(10));
        rates.Add(T0, Report(5000));
        rates.Add(T0.AddSeconds(1), Report(5100));
        rates.Add(T0.AddSeconds(2), Report(10));
        Assert.That(rates.Current(), Is.Empty);
        rates.Add(T0.AddSeconds(4), Report(30));
        Assert.That(rates.Current()["aggtrade"], Is.EqualTo(10));
    }
}
