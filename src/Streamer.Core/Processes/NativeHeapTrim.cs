using System.Runtime.InteropServices;

namespace Streamer.Core.Processes;

/// <summary>
/// Gives the C heap's free pages back to the OS (glibc <c>malloc_trim</c>). The runtime's native allocations,
/// mostly the JIT compiling and re-compiling hot code in the first minutes, leave glibc arenas that are largely
/// free but resident, and glibc on its own only trims an arena from its top. Measured on a worker: 3-4 MB of
/// its ~32 MB PSS come back at the first trim; later trims find little, so they are rare.
/// </summary>
public static partial class NativeHeapTrim
{
    /// <summary>When a process trims: after start-up, once tiered compilation has settled, then now and then.</summary>
    private static readonly TimeSpan[] FirstTrims = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)];

    private static readonly TimeSpan LaterInterval = TimeSpan.FromMinutes(10);

    private static bool _unavailable;

    /// <summary>Trims once; false where there is no glibc (musl, macOS, Windows), where it does nothing.</summary>
    public static bool TrimNow()
    {
        if (_unavailable || !OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    /// <summary>Trims 10 s, 30 s and 60 s after the call, then every 10 minutes, until <paramref name="ct"/> is cancelled.</summary>
    public static async Task RunAsync(TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            var waited = TimeSpan.Zero;
            foreach (var at in FirstTrims)
            {
                await Task.Delay(at - waited, time, ct).ConfigureAwait(false);
                waited = at;
                if (!TrimNow())
                {
                    return;
                }
            }

            while (true)
            {
                await Task.Delay(LaterInterval, time, ct).ConfigureAwait(false);
                TrimNow();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
