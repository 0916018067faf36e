using Streamer.Writer.Threading;

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
}
