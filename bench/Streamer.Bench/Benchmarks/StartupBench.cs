using System.Diagnostics;
using Streamer.Bench.Infrastructure;
using static Streamer.Bench.Infrastructure.Fmt;

namespace Streamer.Bench.Benchmarks;

/// <summary>Start-up: 50 symbols from <c>streamer --daemon start</c> to data flowing for every one of them.</summary>
internal static class StartupBench
{
    private sealed record Run(double CommandSeconds, double FirstSymbolSeconds, double AllSymbolsSeconds, int TooManyRequests);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var symbols = await BenchExchange.SymbolsAsync(options.Symbols ?? 50, ct).ConfigureAwait(false);
        var perWorker = options.SymbolsPerWorker ?? GroupedPerWorker;
        var variants = new List<(string Name, string Exe, int PerWorker)> { ("framework-dependent", options.Exe, 1) };
        if (File.Exists(options.ExeReadyToRun))
        {
            variants.Add(("ReadyToRun", options.ExeReadyToRun, 1));
            variants.Add((Inv($"ReadyToRun, `symbols_per_worker: {perWorker}`"), options.ExeReadyToRun, perWorker));
        }

        var results = new List<(string Variant, List<Run> Runs)>();
        foreach (var (name, exe, symbolsPerWorker) in variants)
        {
            var runs = new List<Run>();
            for (var i = 0; i < options.Runs; i++)
            {
                var run = await MeasureAsync(exe, symbols, symbolsPerWorker, ct).ConfigureAwait(false);
                runs.Add(run);
                Console.WriteLine(Inv($"startup {name} run {i + 1}/{options.Runs}: command returned after {N2(run.CommandSeconds)} s, first symbol flowing {N2(run.FirstSymbolSeconds)} s, all {symbols.Count} {N2(run.AllSymbolsSeconds)} s, 429s {run.TooManyRequests}"));
            }

            results.Add((name, runs));
        }

        var report = new Report("Start-up",
            $"""
            {symbols.Count} symbols with the shipped streams (aggTrade, depth@100ms, bookTicker, kline_1m, markPrice, forceOrder), {MemoryBench.RealisticTransactionsPerSecond:0}
            transactions/s each, shipped supervisor settings (`start_stagger: 100ms`, so staggering alone takes {symbols.Count * 0.1:0.0} s). Time from running
            `streamer --daemon start -c config.yaml` until every symbol has aggtrade and depth rows on disk (files polled every 100 ms), then
            `streamer --daemon stop`. One worker process per symbol (the default) unless the row says otherwise; the grouped row starts
            {symbols.Count / perWorker} worker processes, one per {perWorker} symbols, staggered the same way. Median of the runs.
            """);
        report.Table(["build", "`--daemon start` returns (s)", "first symbol flowing (s)", "all symbols flowing (s)", "429s"],
            results.Select(v => (IReadOnlyList<string>)[v.Variant, N2(Stats.Median(v.Runs.Select(r => r.CommandSeconds))),
                N2(Stats.Median(v.Runs.Select(r => r.FirstSymbolSeconds))), N2(Stats.Median(v.Runs.Select(r => r.AllSymbolsSeconds))),
                Inv($"{v.Runs.Sum(r => r.TooManyRequests)}")]));
        report.Line("All runs (s to all symbols flowing): " + string.Join("; ", results.Select(v => v.Variant + ": " + string.Join(", ", v.Runs.Select(r => N2(r.AllSymbolsSeconds))))));
        var best = results.Select(v => (v.Variant, Seconds: Stats.Median(v.Runs.Select(r => r.AllSymbolsSeconds)))).MinBy(v => v.Seconds);
        report.Publish(options, "startup", new SummaryRow("50 symbols: `--daemon start` → data flowing (seconds, figure)",
            Inv($"{N1(results[0].Runs.Select(r => r.AllSymbolsSeconds).Order().ElementAt(results[0].Runs.Count / 2))} s framework-dependent; best {N1(best.Seconds)} s ({best.Variant})"), "figure (no numeric target)", ""));
    }

    /// <summary>The grouped variant: as many symbols per worker process as the scale benchmark uses.</summary>
    private const int GroupedPerWorker = 10;

    private static async Task<Run> MeasureAsync(string exe, IReadOnlyList<string> symbols, int symbolsPerWorker, CancellationToken ct)
    {
        using var workspace = new BenchWorkspace("startup");
        await using var exchange = await BenchExchange.StartAsync(symbols, MemoryBench.RealisticTransactionsPerSecond, null, ct).ConfigureAwait(false);
        workspace.WriteConfig(exchange.Port, symbols, "[aggtrade, depth, bookticker, kline_1m, markprice, forceorder]", "100ms", symbolsPerWorker: symbolsPerWorker);
        var clock = Stopwatch.StartNew();
        double command;
        using (var start = StreamerRun.Start(exe, workspace, null, "--daemon", "start", "-c", workspace.ConfigPath))
        {
            if (await start.WaitForExitAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false) is not 0)
            {
                throw new BenchmarkFailedException("--daemon start failed\n" + start.Tail());
            }

            command = clock.Elapsed.TotalSeconds;
        }

        var flowing = new HashSet<string>(StringComparer.Ordinal);
        double first = double.NaN, all = double.NaN;
        try
        {
            await Wait.OrFailAsync(() =>
            {
                foreach (var s in symbols.Where(s => !flowing.Contains(s)))
                {
                    if (RecordingCheck.HasRows(workspace.DataDir, s, "aggtrade") && RecordingCheck.HasRows(workspace.DataDir, s, "depth"))
                    {
                        flowing.Add(s);
                        if (double.IsNaN(first))
                        {
                            first = clock.Elapsed.TotalSeconds;
                        }
                    }
                }

                if (flowing.Count == symbols.Count)
                {
                    all = clock.Elapsed.TotalSeconds;
                    return true;
                }

                return false;
            }, TimeSpan.FromSeconds(180), Inv($"all {symbols.Count} symbols flowing"), ct, () => Inv($"{flowing.Count} flowing; daemon log:\n") + TailOf(Path.Combine(workspace.Root, "streamer.log"))).ConfigureAwait(false);
        }
        finally
        {
            using var stop = StreamerRun.Start(exe, workspace, null, "--daemon", "stop", "-c", workspace.ConfigPath);
            await stop.WaitForExitAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        }

        var log = Path.Combine(workspace.Root, "streamer.log");
        var tooMany = File.Exists(log) ? File.ReadLines(log).Count(l => l.Contains("too many requests", StringComparison.OrdinalIgnoreCase)) : 0;
        return new Run(command, first, all, tooMany);
    }

    private static string TailOf(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(30)) : "(no log file)";
}
