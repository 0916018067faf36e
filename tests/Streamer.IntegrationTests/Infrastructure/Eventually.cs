using System.Diagnostics;
using NUnit.Framework;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition with a deadline (never a fixed sleep followed by a hopeful assert).</summary>
internal static class Eventually
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#}s waiting for {what}{(diagnostics is null ? "" : "\n" + diagnostics())}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (sw.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#}s waiting for {what}{(diagnostics is null ? "" : "\n" + diagnostics())}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
