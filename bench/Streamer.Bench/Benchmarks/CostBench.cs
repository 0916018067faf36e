using Streamer.Bench.Infrastructure;

namespace Streamer.Bench.Benchmarks;

internal static class CostBench
{
    public static Task RunAsync(BenchOptions options, CancellationToken ct) => Task.CompletedTask;
}
