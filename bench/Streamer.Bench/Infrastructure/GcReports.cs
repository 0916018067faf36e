using System.Globalization;

namespace Streamer.Bench.Infrastructure;

/// <summary>GC activity of one process so far, as its startup hook (bench/Streamer.Bench.GcHook) last reported it.</summary>
internal readonly record struct GcCounts(long Gen0, long Gen1, long Gen2, long AllocatedBytes)
{
    public static GcCounts operator -(GcCounts a, GcCounts b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.AllocatedBytes - b.AllocatedBytes);

    public static GcCounts operator +(GcCounts a, GcCounts b) =>
        new(a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.AllocatedBytes + b.AllocatedBytes);
}

/// <summary>Reads the <c>{pid}.gc</c> files the startup hook rewrites every 250 ms.</summary>
internal static class GcReports
{
    /// <summary>The environment that loads the hook into the supervisor and (inherited) every child.</summary>
    public static Dictionary<string, string> Environment(string hookDll, string dir)
    {
        if (!File.Exists(hookDll))
        {
            throw new ArgumentException($"GC report hook not found at {hookDll}; build it with bench/run.sh (or pass --gc-hook)");
        }

        Directory.CreateDirectory(dir);
        return new Dictionary<string, string> { ["DOTNET_STARTUP_HOOKS"] = hookDll, ["STREAMER_BENCH_GC_DIR"] = dir };
    }

    /// <summary>Latest counts of every process that reported, by pid.</summary>
    public static Dictionary<int, GcCounts> Read(string dir)
    {
        var result = new Dictionary<int, GcCounts>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.gc"))
        {
            try
            {
                var fields = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 4 && int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    result[pid] = new GcCounts(
                        long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture),
                        long.Parse(fields[2], CultureInfo.InvariantCulture), long.Parse(fields[3], CultureInfo.InvariantCulture));
                }
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // Being rewritten or a process that just started: skip this sample.
            }
        }

        return result;
    }
}
