using System.Globalization;

namespace Streamer.Bench.Infrastructure;

/// <summary>Command-line options shared by the end-to-end benchmarks.</summary>
internal sealed record BenchOptions
{
    /// <summary>Repository root (found from the working directory upwards: the folder with Streamer.sln).</summary>
    public required string RepoRoot { get; init; }

    /// <summary>Measured runs; the figure is their median.</summary>
    public int Runs { get; init; } = 5;

    /// <summary>Measurement window per run in seconds (null: the benchmark's default).</summary>
    public double? Seconds { get; init; }

    /// <summary>The framework-dependent Release streamer (what users run by default).</summary>
    public required string Exe { get; init; }

    /// <summary>The ReadyToRun publish of streamer (memory and start-up compare it), if built.</summary>
    public required string ExeReadyToRun { get; init; }

    /// <summary>The startup-hook assembly that reports GC counts of every streamer process (cost benchmark).</summary>
    public required string GcHook { get; init; }

    /// <summary>Seconds of recording before the measurement window (null: the benchmark's default).</summary>
    public double? WarmupSeconds { get; init; }

    /// <summary>Messages per second to offer (null: the benchmark's target).</summary>
    public double? Rate { get; init; }

    /// <summary>Number of symbols (null: the benchmark's default).</summary>
    public int? Symbols { get; init; }

    /// <summary>supervisor.symbols_per_worker of the recorder (null: the benchmark's default).</summary>
    public int? SymbolsPerWorker { get; init; }

    /// <summary>Also write and compare the simulator's ground-truth files (costs CPU at high rates).</summary>
    public bool Truth { get; init; }

    /// <summary>Skip the rate ramp of the throughput benchmark.</summary>
    public bool NoRamp { get; init; }

    /// <summary>RESULTS.md to update, or null to only print.</summary>
    public string? ResultsPath { get; init; }

    /// <summary>Warm-up before the window (tiered JIT settles, buffers grow), or <paramref name="fallback"/> seconds.</summary>
    public TimeSpan Warmup(double fallback) => TimeSpan.FromSeconds(WarmupSeconds ?? fallback);

    /// <summary>Seconds of the measurement window, or <paramref name="fallback"/>.</summary>
    public TimeSpan Window(double fallback) => TimeSpan.FromSeconds(Seconds ?? fallback);

    public static BenchOptions Parse(IReadOnlyList<string> args, bool requireExe = true)
    {
        var root = FindRepoRoot();
        var options = new BenchOptions
        {
            RepoRoot = root,
            Exe = Path.Combine(root, "bench", ".build", "streamer", "streamer"),
            ExeReadyToRun = Path.Combine(root, "bench", ".build", "streamer-r2r", "streamer"),
            GcHook = Path.Combine(root, "bench", ".build", "gchook", "Streamer.Bench.GcHook.dll"),
            ResultsPath = Path.Combine(root, "bench", "RESULTS.md"),
        };
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--runs" => options with { Runs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmupSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seconds" => options with { Seconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--exe" => options with { Exe = Path.GetFullPath(Value()) },
                "--exe-r2r" => options with { ExeReadyToRun = Path.GetFullPath(Value()) },
                "--gc-hook" => options with { GcHook = Path.GetFullPath(Value()) },
                "--rate" => options with { Rate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--symbols" => options with { Symbols = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--per-worker" => options with { SymbolsPerWorker = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--truth" => options with { Truth = true },
                "--no-ramp" => options with { NoRamp = true },
                "--quick" => options with { Runs = 1, Seconds = 5, WarmupSeconds = 3, NoRamp = true, ResultsPath = null },
                "--results" => options with { ResultsPath = Path.GetFullPath(Value()) },
                "--no-results" => options with { ResultsPath = null },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.Runs < 1)
        {
            throw new ArgumentException("--runs must be at least 1");
        }

        if (requireExe && !File.Exists(options.Exe))
        {
            throw new ArgumentException($"streamer executable not found at {options.Exe}; build it with bench/run.sh (or pass --exe)");
        }

        return options;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Streamer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new ArgumentException("run from inside the repository (no Streamer.sln found above the working directory)");
    }
}
