using Streamer.Writer.Client;

namespace Streamer.Writer.Tests;

/// <summary>The send loop's wake-up: a Set is never lost, a timeout ends a wait, and neither allocates.</summary>
public class SendWakeupTests
{
    [Test]
    public async Task SetBeforeTheWait_IsRememberedOnce()
    {
        using var wakeup = new SendWakeup();
        wakeup.Set();
        wakeup.Set();
        Assert.That(wakeup.WaitAsync(Timeout.InfiniteTimeSpan).AsTask().IsCompleted, Is.True);
        var second = wakeup.WaitAsync(Timeout.InfiniteTimeSpan).AsTask();
        Assert.That(second.IsCompleted, Is.False, "two Sets before a wait are one wake-up");
        wakeup.Set();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task SetDuringTheWait_WakesTheWaiter()
    {
        using var wakeup = new SendWakeup();
        var wait = wakeup.WaitAsync(Timeout.InfiniteTimeSpan).AsTask();
        Assert.That(wait.IsCompleted, Is.False);
        wakeup.Set();
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Timeout_EndsTheWait_AndIsNotRememberedAsASet()
    {
        using var wakeup = new SendWakeup();
        await wakeup.WaitAsync(TimeSpan.FromMilliseconds(1)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var next = wakeup.WaitAsync(Timeout.InfiniteTimeSpan).AsTask();
        Assert.That(next.IsCompleted, Is.False);
        wakeup.Set();
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task ManyWaits_AllocateNothing()
    {
        using var wakeup = new SendWakeup();
        for (var i = 0; i < 1000; i++)
        {
            await SetAndWaitAsync(wakeup);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            await SetAndWaitAsync(wakeup);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static async ValueTask SetAndWaitAsync(SendWakeup wakeup)
    {
        wakeup.Set();
        await wakeup.WaitAsync(Timeout.InfiniteTimeSpan); // Consumes the Set.
#pragma warning disable CA2012 // Started, completed by Set, then awaited once: the send loop's pattern without a second thread.
        var pending = wakeup.WaitAsync(TimeSpan.FromDays(1));
#pragma warning restore CA2012
        wakeup.Set();
        await pending;
    }
}
