using Streamer.Core.Threading;

namespace Streamer.Writer.Tests;

public class WakeSignalTests
{
    [Test]
    public async Task SetBeforeTheWait_CompletesTheNextWaitAtOnce_AndSetsCollapse()
    {
        var signal = new WakeSignal();
        signal.Set();
        signal.Set();
        Assert.That(signal.WaitAsync().AsTask().IsCompleted, Is.True);
        var second = signal.WaitAsync().AsTask();
        Assert.That(second.IsCompleted, Is.False, "two Sets before one wait are one wake-up");
        signal.Set();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task SetWhileWaiting_WakesTheWaiter_ManyTimesOver()
    {
        var signal = new WakeSignal();
        for (var i = 0; i < 1000; i++)
        {
            var wait = signal.WaitAsync().AsTask();
            _ = Task.Run(signal.Set);
            await wait.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Test]
    public async Task Timeout_EndsTheWait_AndIsNotRememberedAsASet()
    {
        using var wakeup = new WakeSignal(runWaiterInline: true);
        await wakeup.WaitAsync(TimeSpan.FromMilliseconds(1)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var next = wakeup.WaitAsync(Timeout.InfiniteTimeSpan).AsTask();
        Assert.That(next.IsCompleted, Is.False);
        wakeup.Set();
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task ManyWaits_AllocateNothing()
    {
        using var wakeup = new WakeSignal(runWaiterInline: true);
        for (var i = 0; i < 1000; i++)
        {
            await SetAndWaitAsync(wakeup);
        }

        var allocated = await Allocations.LeastAsync(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await SetAndWaitAsync(wakeup);
            }
        });

        Assert.That(allocated, Is.Zero);
    }

    private static async ValueTask SetAndWaitAsync(WakeSignal wakeup)
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
