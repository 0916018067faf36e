using NUnit.Framework;
using Streamer.Core.Processes;

namespace Streamer.Core.Tests;

/// <summary>The C heap trim reaches glibc where there is one, and a cancelled trim loop ends at once.</summary>
public class NativeHeapTrimTests
{
    [Test]
    public void TrimNow_CallsGlibc_OnLinux()
    {
        var glibc = OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/maps").Contains("/libc.so.6", StringComparison.Ordinal);
        Assert.That(NativeHeapTrim.TrimNow(), Is.EqualTo(glibc), "malloc_trim is found in glibc's libc (and only there)");
    }

    [Test]
    public async Task RunAsync_EndsWhenCancelled()
    {
        using var cts = new CancellationTokenSource();
        var run = NativeHeapTrim.RunAsync(TimeProvider.System, cts.Token);
        Assert.That(run.IsCompleted, Is.False, "it waits for its first trim");
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
