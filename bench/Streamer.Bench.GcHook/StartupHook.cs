using System;
using System.Buffers.Text;
using System.IO;
using System.Threading;
using Microsoft.Win32.SafeHandles;

/// <summary>
/// .NET startup hook (loaded through <c>DOTNET_STARTUP_HOOKS</c>, which the supervisor's children inherit).
/// When <c>STREAMER_BENCH_GC_DIR</c> is set, a background thread rewrites <c>{dir}/{pid}.gc</c> every
/// 250 ms with the process's gen0/gen1/gen2 collection counts and total allocated bytes, so the cost
/// benchmark can read GC activity of the real worker and writer processes without touching the product.
/// The report itself allocates nothing per sample (fixed buffer, positional write), so it does not
/// disturb what it measures.
/// </summary>
internal static class StartupHook
{
    private const int LineLength = 96;

    /// <summary>Called by the runtime before Main.</summary>
    public static void Initialize()
    {
        var dir = Environment.GetEnvironmentVariable("STREAMER_BENCH_GC_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }

        var path = Path.Combine(dir, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".gc");
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var thread = new Thread(() => Report(handle)) { IsBackground = true, Name = "bench-gc-report" };
        thread.Start();
    }

    private static void Report(SafeFileHandle handle)
    {
        var line = new byte[LineLength];
        while (true)
        {
            Array.Fill(line, (byte)' ');
            var span = line.AsSpan();
            var at = 0;
            Append(span, ref at, GC.CollectionCount(0));
            Append(span, ref at, GC.CollectionCount(1));
            Append(span, ref at, GC.CollectionCount(2));
            Append(span, ref at, GC.GetTotalAllocatedBytes(false));
            Append(span, ref at, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            line[LineLength - 1] = (byte)'\n';
            try
            {
                RandomAccess.Write(handle, line, 0);
            }
            catch (IOException)
            {
                return;
            }

            Thread.Sleep(250);
        }
    }

    private static void Append(Span<byte> line, ref int at, long value)
    {
        Utf8Formatter.TryFormat(value, line[at..], out var written);
        at += written + 1;
    }
}
