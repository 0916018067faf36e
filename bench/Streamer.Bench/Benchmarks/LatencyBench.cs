using Streamer.Bench.Infrastructure;
using static Streamer.Bench.Infrastructure.Fmt;

namespace Streamer.Bench.Benchmarks;

/// <summary>Latency: local receive (<c>local_time_us</c>) → row visible in the OS, at 10 symbols × 2,000 msg/s, default flush policy.</summary>
internal static class LatencyBench
{
    private const double MessagesPerSymbol = 2_000;
    private const double TargetP99Ms = 50;

    private sealed record Run(long Samples, double P50, double P99, double P999, double Max);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var symbols = await BenchExchange.SymbolsAsync(options.Symbols ?? 10, ct).ConfigureAwait(false);
        var perSymbol = options.Rate is { } r ? r / symbols.Count : MessagesPerSymbol;
        var window = options.Window(20);
        var runs = new List<Run>();
        for (var i = 0; i < options.Runs; i++)
        {
            var run = await MeasureAsync(options, symbols, perSymbol, window, ct).ConfigureAwait(false);
            runs.Add(run);
            Console.WriteLine(Inv($"latency run {i + 1}/{options.Runs}: {N0(run.Samples)} messages, p50 {N1(run.P50)} ms, p99 {N1(run.P99)} ms, p99.9 {N1(run.P999)} ms, max {N1(run.Max)} ms"));
        }

        var p99 = Stats.Median(runs.Select(x => x.P99));
        var report = new Report("Latency",
            $"""
            {symbols.Count} symbols × ~{N0(perSymbol)} messages/s (aggTrade + depth@0ms + bookTicker, no bursts), the shipped flush policy
            (`flush_interval: 25ms`, `fsync_interval: 1s`, `handoff_batch: 10ms`). Latency of a message = the moment its row is seen in the file − its
            `local_time_us` (the worker's receive time, same wall clock). A probe thread in the harness fstat()s every data file every
            {RowVisibilityProbe.PollInterval.TotalMilliseconds:0} ms and reads what was appended, so a latency is overstated by at most ~{RowVisibilityProbe.PollInterval.TotalMilliseconds:0} ms (poll
            interval) plus the read. One sample per message (a depth update's rows count once), over a {window.TotalSeconds:0} s window after a {options.Warmup(10).TotalSeconds:0} s warm-up.
            """);
        report.Table(["run", "messages", "p50 ms", "p99 ms", "p99.9 ms", "max ms"],
            runs.Select((x, i) => (IReadOnlyList<string>)[Inv($"{i + 1}"), N0(x.Samples), N1(x.P50), N1(x.P99), N1(x.P999), N1(x.Max)]));
        var p50 = Stats.Median(runs.Select(x => x.P50));
        var p999 = Stats.Median(runs.Select(x => x.P999));
        report.Line(Inv($"**Median of the runs: p50 {N1(p50)} ms, p99 {N1(p99)} ms, p99.9 {N1(p999)} ms.**"));
        var verdict = p99 <= TargetP99Ms ? "met" : Inv($"missed by {N1(p99 - TargetP99Ms)} ms");
        report.Publish(options, "latency", new SummaryRow("p99 ≤ 50 ms (10 × 2,000 msg/s, default flush)", Inv($"p50 {N1(p50)} / p99 {N1(p99)} / p99.9 {N1(p999)} ms"), verdict, ""));
    }

    private static async Task<Run> MeasureAsync(BenchOptions options, IReadOnlyList<string> symbols, double perSymbol, TimeSpan window, CancellationToken ct)
    {
        var spec = new RecorderSession.Spec("latency", symbols, perSymbol / ThroughputBench.MessagesPerTransaction, "[aggtrade, depth, bookticker]", "0ms");
        await using var session = await RecorderSession.StartAsync(options.Exe, spec, ct).ConfigureAwait(false);
        await session.WaitFlowingAsync(["aggtrade", "depth", "bookticker"], TimeSpan.FromSeconds(90), ct).ConfigureAwait(false);
        using var probe = new RowVisibilityProbe(session.DataDir, "aggtrade", "depth", "bookticker");
        await Task.Delay(options.Warmup(10), ct).ConfigureAwait(false); // warm-up, and the probe finds the files
        probe.StartCollecting();
        await Task.Delay(window, ct).ConfigureAwait(false);
        var sorted = probe.Stop();
        await session.Streamer.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (sorted.Length == 0)
        {
            throw new BenchmarkFailedException("no rows were seen during the window\n" + session.Streamer.Tail());
        }

        return new Run(sorted.Length, Stats.Percentile(sorted, 0.5), Stats.Percentile(sorted, 0.99), Stats.Percentile(sorted, 0.999), sorted[^1]);
    }
}
