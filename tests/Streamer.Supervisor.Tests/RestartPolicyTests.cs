using NUnit.Framework;
using Streamer.Supervisor.Supervision;

namespace Streamer.Supervisor.Tests;

public class RestartPolicyTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Test]
    public void Backoff_DoublesPerFailure_UpToTheCap()
    {
        var delays = Enumerable.Range(0, 9).Select(n => RestartPolicy.Backoff(Second, TimeSpan.FromSeconds(60), n)).ToList();
        Assert.That(delays.Select(d => d.TotalSeconds), Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }));
    }

    [Test]
    public void Backoff_WithHugeFailureCount_StaysAtTheCap()
    {
        Assert.That(RestartPolicy.Backoff(Second, TimeSpan.FromHours(1), 10_000), Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [Test]
    public void ZeroDelays_NeverGoBelowTheFloor_SoACrashingChildCannotSpin()
    {
        var time = new ManualTime();
        var policy = new RestartPolicy(TestConfigs.Supervisor(min: TimeSpan.Zero, max: TimeSpan.Zero, loopDelay: TimeSpan.Zero), time);
        for (var i = 0; i < 10; i++)
        {
            policy.OnStarted();
            Assert.That(policy.OnExited().Delay, Is.GreaterThanOrEqualTo(RestartPolicy.MinimumDelay));
        }
    }

    [Test]
    public void ShortRuns_KeepGrowingTheDelay_StartingAChildDoesNotResetIt()
    {
        var time = new ManualTime();
        var policy = new RestartPolicy(TestConfigs.Supervisor(loopRestarts: 100), time);
        var delays = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            policy.OnStarted();
            time.Advance(TimeSpan.FromSeconds(5));
            var decision = policy.OnExited();
            delays.Add(decision.Delay.TotalSeconds);
            time.Advance(decision.Delay);
        }

        Assert.That(delays, Is.EqualTo(new double[] { 1, 2, 4, 8, 16 }));
    }

    [Test]
    public void AfterAHealthyUptime_TheDelayResetsToTheMinimum()
    {
        var time = new ManualTime();
        var policy = new RestartPolicy(TestConfigs.Supervisor(loopRestarts: 100), time);
        for (var i = 0; i < 4; i++)
        {
            policy.OnStarted();
            policy.OnExited();
        }

        policy.OnStarted();
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.That(policy.IsHealthy, Is.True);
        var decision = policy.OnExited();
        Assert.That(decision.Delay, Is.EqualTo(Second));
        Assert.That(decision.Uptime, Is.EqualTo(TimeSpan.FromSeconds(61)));
    }

    [Test]
    public void CrashLoop_IsDetectedAtTheConfiguredCount_AndSlowsRetriesToTheCrashLoopDelay()
    {
        var time = new ManualTime();
        var policy = new RestartPolicy(TestConfigs.Supervisor(loopRestarts: 3, window: TimeSpan.FromMinutes(1), loopDelay: TimeSpan.FromMinutes(10)), time);
        var decisions = new List<RestartDecision>();
        for (var i = 0; i < 4; i++)
        {
            policy.OnStarted();
            time.Advance(TimeSpan.FromMilliseconds(200));
            decisions.Add(policy.OnExited());
            time.Advance(decisions[^1].Delay);
        }

        Assert.That(decisions.Select(d => d.CrashLoop), Is.EqualTo(new[] { false, false, true, true }));
        Assert.That(decisions.Select(d => d.EnteredCrashLoop), Is.EqualTo(new[] { false, false, true, false }), "reported once");
        Assert.That(decisions[2].Delay, Is.EqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(decisions[3].Delay, Is.EqualTo(TimeSpan.FromMinutes(10)), "still slow although the window has passed");
    }

    [Test]
    public void ExitsSpreadWiderThanTheWindow_AreNotACrashLoop()
    {
        var time = new ManualTime();
        var policy = new RestartPolicy(TestConfigs.Supervisor(loopRestarts: 3, window: TimeSpan.FromMinutes(1), healthy: TimeSpan.FromHours(1), max: TimeSpan.FromSeconds(1)), time);
        for (var i = 0; i < 6; i++)
        {
            policy.OnStarted();
            time.Advance(TimeSpan.FromSeconds(40));
            Assert.That(policy.OnExited().CrashLoop, Is.False);
        }
    }

    [Test]
    public void CrashLoop_EndsOnlyAfterAHealthyRun()
    {
        var time = new ManualTime();
        var policy = new RestartPolicy(TestConfigs.Supervisor(loopRestarts: 2), time);
        policy.OnStarted();
        policy.OnExited();
        policy.OnStarted();
        Assert.That(policy.OnExited().CrashLoop, Is.True);

        policy.OnStarted();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(policy.InCrashLoop, Is.True, "a short run does not end it");

        time.Advance(TimeSpan.FromSeconds(31));
        var decision = policy.OnExited();
        Assert.That(decision.CrashLoop, Is.False);
        Assert.That(decision.Delay, Is.EqualTo(Second));
    }

    [Test]
    public void CriticalChild_IsRestartedWithinTheCap_EvenInACrashLoop_WhichIsStillReported()
    {
        var time = new ManualTime();
        var policy = new RestartPolicy(TestConfigs.Supervisor(loopRestarts: 3, window: TimeSpan.FromMinutes(5), loopDelay: TimeSpan.FromMinutes(5)), time, critical: true);
        var decisions = new List<RestartDecision>();
        for (var i = 0; i < 8; i++)
        {
            policy.OnStarted();
            time.Advance(TimeSpan.FromSeconds(1));
            decisions.Add(policy.OnExited());
            time.Advance(decisions[^1].Delay);
        }

        Assert.That(decisions.Select(d => d.Delay.TotalSeconds), Is.EqualTo(new double[] { 1, 2, 2, 2, 2, 2, 2, 2 }),
            "every worker's rows wait for the writer: never held down for the crash-loop delay");
        Assert.That(decisions.Select(d => d.EnteredCrashLoop), Is.EqualTo(new[] { false, false, true, false, false, false, false, false }));
        Assert.That(policy.InCrashLoop, Is.True);
    }
}
