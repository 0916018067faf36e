using System.Diagnostics;

namespace Streamer.Bench.Infrastructure;

/// <summary>Waits for a condition with a deadline (never a fixed sleep followed by a hopeful check).</summary>
internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="poll"/>; false when the deadline passed first.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct, TimeSpan? poll = null)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Like <see cref="UntilAsync"/> but a timeout is a failure of the benchmark run, with a reason.</summary>
    public static async Task OrFailAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken ct, Func<string>? diagnostics = null)
    {
        if (!await UntilAsync(condition, timeout, ct).ConfigureAwait(false))
        {
            throw new BenchmarkFailedException($"timed out after {timeout.TotalSeconds:0}s waiting for {what}" +
                (diagnostics is null ? "" : "\n" + diagnostics()));
        }
    }
}

/// <summary>A benchmark run could not produce its figure (the product misbehaved or the setup failed).</summary>
internal sealed class BenchmarkFailedException(string message) : Exception(message);
