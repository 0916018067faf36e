using Streamer.Bench.Benchmarks;
using Streamer.Bench.Infrastructure;

// streamer-bench NAME [options]: one end-to-end benchmark of the real streamer executable (see bench/README.md).
const string Usage = """
    usage: streamer-bench throughput|cost|latency|memory|scale|startup [options]
           streamer-bench micro-import DIR    (put BenchmarkDotNet reports from DIR into RESULTS.md)
      --runs N          measured runs, the figure is their median (default 5)
      --seconds S       measurement window of each run
      --rate R          messages per second to offer (throughput, cost, latency)
      --symbols N       number of symbols
      --truth           also write and compare the simulator's ground truth
      --no-ramp         throughput: skip the search for the rate where loss begins
      --quick           1 short run, RESULTS.md untouched (to check that a benchmark works)
      --exe PATH        streamer executable (default bench/.build/streamer/streamer)
      --exe-r2r PATH    ReadyToRun publish for memory/startup (default bench/.build/streamer-r2r/streamer)
      --results FILE    RESULTS.md to update (default bench/RESULTS.md); --no-results only prints
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

BenchOptions options;
try
{
    options = args[0] == "micro-import" ? BenchOptions.Parse(args.Length > 2 ? args[2..] : [], requireExe: false) : BenchOptions.Parse(args[1..]);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}

_ = Machine.LoadAtStart; // taken now, before the benchmark loads the machine
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

try
{
    Func<BenchOptions, CancellationToken, Task> benchmark = args[0] switch
    {
        "throughput" => ThroughputBench.RunAsync,
        "cost" => CostBench.RunAsync,
        "latency" => LatencyBench.RunAsync,
        "memory" => MemoryBench.RunAsync,
        "scale" => ScaleBench.RunAsync,
        "startup" => StartupBench.RunAsync,
        "micro-import" when args.Length > 1 => (o, _) => MicroImport.RunAsync(o, args[1]),
        _ => throw new ArgumentException($"unknown benchmark '{args[0]}'\n{Usage}"),
    };
    await benchmark(options, cts.Token).ConfigureAwait(false);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}
catch (BenchmarkFailedException e)
{
    Console.Error.WriteLine("benchmark failed: " + e.Message);
    return 1;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
