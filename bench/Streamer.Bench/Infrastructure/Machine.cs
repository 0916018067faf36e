using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Streamer.Bench.Infrastructure;

/// <summary>What the figures were measured on: cores, CPU model, RAM, .NET, git commit, load.</summary>
internal static class Machine
{
    /// <summary>Clock ticks per second of /proc/*/stat times (USER_HZ; 100 on every Linux this runs on).</summary>
    public const double TicksPerSecond = 100;

    public static int Cores => Environment.ProcessorCount;

    /// <summary>When the benchmark process started (the date written in the results).</summary>
    public static DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The load average when the benchmark started, before it added any load.</summary>
    public static string LoadAtStart { get; } = LoadAverage();

    /// <summary>One line, e.g. "2 cores (Intel Xeon ...), 23.6 GB RAM, .NET 10.0.1, commit abc1234, load 1.2 0.9 0.8".</summary>
    public static string Describe(string repoRoot) => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores ({CpuModel()}), {RamGb():0.0} GB RAM, .NET {RuntimeInformation.FrameworkDescription.Replace(".NET ", "", StringComparison.Ordinal)}, commit {GitCommit(repoRoot)}");

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The 1-minute load average as a number.</summary>
    public static double Load1 => double.TryParse(LoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l) ? l : double.NaN;

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static double RamGb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static string GitCommit(string repoRoot)
    {
        // bench/run.sh --snapshot builds streamer from a commit and says which.
        if (Environment.GetEnvironmentVariable("STREAMER_BENCH_COMMIT") is { Length: > 0 } label)
        {
            return label;
        }

        try
        {
            var psi = new ProcessStartInfo("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(psi)!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            var dirty = RunQuiet(repoRoot, "status", "--porcelain", "--untracked-files=no", "src").Length > 0 ? "+uncommitted src changes" : "";
            return commit.Length > 0 ? commit + dirty : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string RunQuiet(string repoRoot, params string[] args)
    {
        var psi = new ProcessStartInfo("git", ["-C", repoRoot, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(psi)!;
        var text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return text;
    }
}
