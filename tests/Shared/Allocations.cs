namespace Streamer.Tests.Shared;

/// <summary>
/// Allocation measurements that a tier-up cannot fail: tiered JIT may replace a hot method's code during a measured
/// loop (when exactly depends on timing and machine load), and that one-off can allocate on the test thread. A real
/// allocation of the code under test shows in every measurement, so the least of a few is the figure.
/// </summary>
internal static class Allocations
{
    /// <summary>The least bytes <paramref name="measured"/> allocated on this thread in up to <paramref name="attempts"/> runs (stops at zero).</summary>
    public static long Least(Action measured, int attempts = 3)
    {
        var least = long.MaxValue;
        for (var i = 0; i < attempts && least > 0; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            measured();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    /// <summary>As <see cref="Least(Action, int)"/> for code that completes on the calling thread (inline continuations).</summary>
    public static async Task<long> LeastAsync(Func<Task> measured, int attempts = 3)
    {
        var least = long.MaxValue;
        for (var i = 0; i < attempts && least > 0; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            await measured(); // no ConfigureAwait(false): the measurement must stay on this thread
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
