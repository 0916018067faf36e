using System.Diagnostics;
using System.Globalization;
using Streamer.Verify;
using Streamer.Verify.Bench;

// Verify throughput: generates a large recorded day (default 5M rows, ~0.5 GB) in a temp folder, runs
// `streamer verify` on it several times and prints median rows/s and MB/s and the peak working set,
// then appends the figures with date and machine to bench/results/verify.md.
//   dotnet run -c Release --project bench/Streamer.Verify.Bench [--rows N] [--runs N] [--no-gzip] [--results FILE]
var rows = 5_000_000L;
var runs = 5;
var gzip = true;
string? results = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rows = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--no-gzip": gzip = false; break;
        case "--results": results = args[++i]; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--rows N] [--runs N] [--no-gzip] [--results FILE]");
            return 2;
    }
}

results ??= Path.Combine(RepoRoot(), "bench", "results", "verify.md");
var root = Path.Combine(Path.GetTempPath(), "verify-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
var plain = Path.Combine(root, "plain");
var compressed = Path.Combine(root, "gz");
try
{
    var generate = Stopwatch.StartNew();
    var written = BenchData.Generate(plain, rows);
    var bytes = Directory.EnumerateFiles(plain, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    Console.WriteLine(FormattableString.Invariant($"generated {written:N0} rows, {bytes / 1e6:0.0} MB in {generate.Elapsed.TotalSeconds:0.0} s"));

    var plainRun = await MeasureAsync(plain, runs, bytes);
    Console.WriteLine(plainRun.Describe("csv"));

    Measurement? gzRun = null;
    if (gzip)
    {
        BenchData.Compress(plain, compressed);
        var gzBytes = new FileInfo(Directory.EnumerateFiles(compressed, "*", SearchOption.AllDirectories).Single()).Length;
        var aggTradeBytes = new FileInfo(Directory.EnumerateFiles(plain, "aggtrade_*", SearchOption.AllDirectories).Single()).Length;
        gzRun = await MeasureAsync(compressed, Math.Min(runs, 3), aggTradeBytes);
        Console.WriteLine(gzRun.Describe(FormattableString.Invariant($"csv.gz ({gzBytes / 1e6:0.0} MB compressed, MB/s of uncompressed csv)")));
    }

    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine(FormattableString.Invariant($"peak working set {peak / 1e6:0.0} MB"));
    Append(results, written, bytes, runs, plainRun, gzRun, peak);
    Console.WriteLine($"results appended to {results}");
    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

static async Task<Measurement> MeasureAsync(string dataDir, int runs, long bytes)
{
    var seconds = new List<double>();
    var cpuSeconds = new List<double>();
    long rows = 0;
    long allocated = 0;
    for (var i = 0; i < runs; i++)
    {
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var output = new StringWriter();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var code = await VerifyCommand.RunAsync(dataDir, ["--json"], output, TextWriter.Null, CancellationToken.None);
        watch.Stop();
        cpuSeconds.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (code != 0)
        {
            throw new InvalidOperationException("verify found problems in generated data:\n" + output);
        }

        using var report = System.Text.Json.JsonDocument.Parse(output.ToString());
        rows = report.RootElement.GetProperty("rows").GetInt64();
        seconds.Add(watch.Elapsed.TotalSeconds);
    }

    seconds.Sort();
    cpuSeconds.Sort();
    return new Measurement(rows, bytes, seconds[seconds.Count / 2], cpuSeconds[cpuSeconds.Count / 2], seconds, allocated);
}

static void Append(string path, long rows, long bytes, int runs, Measurement csv, Measurement? gz, long peak)
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
        : "unknown";
    // The machine may be shared: the load says how much to trust the wall-clock figures.
    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
    var lines = new List<string>();
    if (!File.Exists(path))
    {
        lines.Add("# streamer verify throughput");
        lines.Add("");
        lines.Add("Produced by `dotnet run -c Release --project bench/Streamer.Verify.Bench` (bench/Streamer.Verify.Bench/Program.cs):");
        lines.Add("one generated day of aggtrade + depth (10 levels per update, a resynced break every 100k updates),");
        lines.Add("verified in-process end to end (`streamer verify --json`), median of several runs, files in the page cache.");
        lines.Add("Wall-clock figures depend on how busy the (shared) machine is; rows per CPU-second is the cost of the work.");
        lines.Add("The .csv.gz row is the aggtrade file compressed; its MB are the uncompressed csv's.");
        lines.Add("");
    }

    lines.Add(FormattableString.Invariant($"## {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Environment.ProcessorCount} cores ({cpu}), .NET {Environment.Version}, load average {load}"));
    lines.Add("");
    lines.Add("| input | rows | MB | runs | median s | rows/s | MB/s | rows per CPU-second | allocated per run |");
    lines.Add("|---|---|---|---|---|---|---|---|---|");
    lines.Add(csv.Row("csv", runs));
    if (gz is not null)
    {
        lines.Add(gz.Row("aggtrade .csv.gz", gz.Runs.Count));
    }

    lines.Add("");
    lines.Add(FormattableString.Invariant($"Generated {rows:N0} rows ({bytes / 1e6:0.0} MB). Peak working set of the whole bench process: {peak / 1e6:0.0} MB."));
    lines.Add("");
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.AppendAllLines(path, lines);
}

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Streamer.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

/// <summary>Wall time is what a user waits; CPU time is what the work costs, and is steadier on a busy machine.</summary>
internal sealed record Measurement(long Rows, long Bytes, double MedianSeconds, double MedianCpuSeconds, List<double> Runs, long AllocatedBytes)
{
    public string Describe(string input) => FormattableString.Invariant(
        $"{input}: {Rows:N0} rows in {MedianSeconds:0.000} s median of {Runs.Count} [{string.Join(", ", Runs.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))}]: {Rows / MedianSeconds:N0} rows/s, {Bytes / 1e6 / MedianSeconds:0} MB/s; CPU {MedianCpuSeconds:0.000} s: {Rows / MedianCpuSeconds:N0} rows per CPU-second; {AllocatedBytes / 1e6:0.0} MB allocated per run");

    public string Row(string input, int runs) => FormattableString.Invariant(
        $"| {input} | {Rows:N0} | {Bytes / 1e6:0.0} | {runs} | {MedianSeconds:0.000} | {Rows / MedianSeconds:N0} | {Bytes / 1e6 / MedianSeconds:0} | {Rows / MedianCpuSeconds:N0} | {AllocatedBytes / 1e6:0.0} MB |");
}
