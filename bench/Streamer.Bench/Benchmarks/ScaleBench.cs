using System.Diagnostics;
using Streamer.Bench.Infrastructure;
using static Streamer.Bench.Infrastructure.Fmt;

namespace Streamer.Bench.Benchmarks;

/// <summary>
/// Scale: every listed USD-M perpetual (300) at a realistic mix (aggTrade, depth@100ms, kline_1m, markPrice):
/// CPU share of the machine, total PSS, and 429s during the start. By default symbols are grouped
/// <see cref="DefaultPerWorker"/> to a worker process (<c>supervisor.symbols_per_worker</c>); <c>--per-worker 1</c>
/// measures one process per symbol into its own section. A run whose tree grows past <see cref="PssGuardGb"/>
/// is stopped (one process per symbol once used 9 GB and froze this 2-core machine for a quarter of an hour).
/// </summary>
internal static class ScaleBench
{
    private const double TargetCpuShare = 0.5;
    private const double TargetTotalPssGb = 6;
    /// <summary>
    /// 30 symbols per process (10 processes for 300): at 10 per process the 30 processes' wake-ups cost 55% of the
    /// machine (RESULTS.md section scale-10-per-worker); per-message cost at ~30 msg/s per symbol is wake-ups,
    /// which fewer, busier processes share.
    /// </summary>
    private const int DefaultPerWorker = 30;
    private const double PssGuardGb = 10;

    private sealed record Run(int Symbols, int Flowing, double StartSeconds, double StartCpuSeconds, double Messages, double TreeCores, double SimulatorCores, long TotalPssKb, long WorkerPssMedianKb, int TooManyRequests, int Bans, int Restarts);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var symbols = await BenchExchange.SymbolsAsync(options.Symbols ?? 300, ct).ConfigureAwait(false);
        var perWorker = options.SymbolsPerWorker ?? DefaultPerWorker;
        var processes = (symbols.Count + perWorker - 1) / perWorker;
        var window = options.Window(20);
        var runs = new List<Run>();
        for (var i = 0; i < options.Runs; i++)
        {
            var run = await MeasureAsync(options, symbols, perWorker, window, ct).ConfigureAwait(false);
            runs.Add(run);
            Console.WriteLine(Inv($"scale run {i + 1}/{options.Runs} ({perWorker} per worker): {run.Flowing}/{run.Symbols} symbols flowing after {N1(run.StartSeconds)} s ({N0(run.StartCpuSeconds)} s of CPU), {N0(run.Messages)} msg/s, streamer {N2(run.TreeCores)} cores ({run.TreeCores / Machine.Cores * 100:0}% of the machine), simulator {N2(run.SimulatorCores)} cores, PSS {Mb(run.TotalPssKb)} MB (worker median {Mb(run.WorkerPssMedianKb)}), 429s {run.TooManyRequests}, 418s {run.Bans}, restarts {run.Restarts}"));
        }

        var cpuShare = Stats.Median(runs.Select(r => r.TreeCores / Machine.Cores));
        var pssGb = Stats.Median(runs.Select(r => r.TotalPssKb / 1024.0 / 1024.0));
        var tooMany = runs.Sum(r => r.TooManyRequests);
        var report = new Report(perWorker == 1 ? "Scale, one worker process per symbol" : Inv($"Scale, {perWorker} symbols per worker process"),
            $"""
            {symbols.Count} symbols (every perpetual the simulated exchangeInfo lists), {(perWorker == 1 ? "one worker process each" : Inv($"`supervisor.symbols_per_worker: {perWorker}` ({processes} worker processes)"))}, streams aggTrade + depth@100ms +
            kline_1m + markPrice, {MemoryBench.RealisticTransactionsPerSecond:0} order-book transactions/s per symbol (~{N0(Stats.Median(runs.Select(r => r.Messages)) / symbols.Count)} messages/s each, no bursts), shipped
            supervisor settings (`start_stagger: 100ms`) and REST budget. Start = from launching `streamer -c` until every symbol has aggtrade
            and depth rows on disk (a run is abandoned after 300 s or when the tree's PSS passes {PssGuardGb:0} GB). Then {options.Warmup(20).TotalSeconds:0} s of warm-up (start-up JIT) and a {window.TotalSeconds:0} s window: CPU of the whole streamer tree from /proc (as a share of the machine's
            {Machine.Cores} cores), then PSS summed over the tree. 429/418 = log lines of the workers reporting them (the REST weight limiter
            shared through `data_dir/.streamer/rest-weight`). The in-process simulator's own CPU is shown apart: on a real deployment it is the exchange.
            """);
        report.Table(["run", "symbols flowing", "start s", "CPU s used by the start", "msg/s", "streamer CPU (cores)", "share of machine", "simulator CPU", "total PSS MB", "worker PSS median MB", "429s", "418s", "restarts"],
            runs.Select((r, i) => (IReadOnlyList<string>)[Inv($"{i + 1}"), Inv($"{r.Flowing} of {r.Symbols}"), N1(r.StartSeconds), N0(r.StartCpuSeconds), N0(r.Messages), N2(r.TreeCores), Inv($"{r.TreeCores / Machine.Cores * 100:0}%"),
                N2(r.SimulatorCores), Mb(r.TotalPssKb), Mb(r.WorkerPssMedianKb), Inv($"{r.TooManyRequests}"), Inv($"{r.Bans}"), Inv($"{r.Restarts}")]));
        var perSymbolMb = Stats.Median(runs.Select(r => r.TotalPssKb / 1024.0 / r.Symbols));
        report.Line(Inv($"**Median: {cpuShare * 100:0}% of the machine's CPU, {N2(pssGb)} GB total PSS ({N1(perSymbolMb)} MB per symbol), {tooMany} responses 429 in all runs.**"));
        var misses = new List<string>();
        if (runs.Any(r => r.Flowing < r.Symbols))
        {
            misses.Add(Inv($"not every symbol started in {runs.Count(r => r.Flowing < r.Symbols)} run(s)"));
        }

        if (cpuShare > TargetCpuShare)
        {
            misses.Add(Inv($"CPU missed by {(cpuShare - TargetCpuShare) * 100:0} points"));
        }

        if (pssGb > TargetTotalPssGb)
        {
            misses.Add(Inv($"PSS missed by {N2(pssGb - TargetTotalPssGb)} GB"));
        }

        if (tooMany > 0)
        {
            misses.Add(Inv($"{tooMany} × 429"));
        }

        var section = perWorker switch
        {
            1 => "scale-one-per-symbol",
            DefaultPerWorker => "scale",
            _ => Inv($"scale-{perWorker}-per-worker"),
        };
        report.Publish(options, section, new SummaryRow(
            perWorker == 1 ? "300 symbols, one process each: ≤ 50% CPU, ≤ 6 GB PSS, no 429" : Inv($"300 symbols, {perWorker} per worker: ≤ 50% CPU, ≤ 6 GB PSS, no 429"),
            Inv($"{cpuShare * 100:0}% CPU, {N2(pssGb)} GB PSS, {tooMany} × 429"), misses.Count == 0 ? "met" : string.Join("; ", misses), ""));
    }

    private static async Task<Run> MeasureAsync(BenchOptions options, IReadOnlyList<string> symbols, int perWorker, TimeSpan window, CancellationToken ct)
    {
        var spec = new RecorderSession.Spec("scale", symbols, MemoryBench.RealisticTransactionsPerSecond, "[aggtrade, depth, kline_1m, markprice]", "100ms")
        {
            SymbolsPerWorker = perWorker,
        };
        var started = Stopwatch.StartNew();
        await using var session = await RecorderSession.StartAsync(options.Exe, spec, ct).ConfigureAwait(false);
        var flowing = await WaitFlowingGuardedAsync(session, ct).ConfigureAwait(false);
        var startSeconds = started.Elapsed.TotalSeconds;
        if (flowing < symbols.Count)
        {
            var tree = ProcTree.Sample(session.Streamer.Pid);
            var cpu = ProcTree.TotalTicks(tree.Values) / Machine.TicksPerSecond;
            var pssNow = tree.Values.Sum(p => Math.Max(0, p.PssKb()));
            session.Streamer.Kill();
            return new Run(symbols.Count, flowing, startSeconds, cpu, double.NaN, cpu / startSeconds, double.NaN, pssNow, 0,
                session.Streamer.TooManyRequests, session.Streamer.Bans, session.Streamer.Restarts);
        }

        var startCpu = ProcTree.TotalTicks(ProcTree.Sample(session.Streamer.Pid).Values) / Machine.TicksPerSecond;
        await Task.Delay(options.Warmup(20), ct).ConfigureAwait(false); // let the start-up JIT (tiered compilation) and snapshots settle

        var self = Process.GetCurrentProcess();
        var (sent0, _, _) = BenchExchange.Snapshot(session.Exchange);
        var tree0 = ProcTree.Sample(session.Streamer.Pid);
        self.Refresh();
        var self0 = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, ct).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var (sent1, _, _) = BenchExchange.Snapshot(session.Exchange);
        var tree1 = ProcTree.Sample(session.Streamer.Pid);
        self.Refresh();
        var simulator = (self.TotalProcessorTime - self0).TotalSeconds / elapsed;
        var cores = ProcTree.Delta(tree0, tree1).Sum(d => d.Ticks) / Machine.TicksPerSecond / elapsed;
        var pss = tree1.Values.Select(p => (p.Role, Pss: p.PssKb())).Where(p => p.Pss > 0).ToList();
        await session.Streamer.StopAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        return new Run(symbols.Count, flowing, startSeconds, startCpu, (sent1 - sent0) / elapsed, cores, simulator, pss.Sum(p => p.Pss),
            (long)Stats.Median(pss.Where(p => p.Role == "worker").Select(p => (double)p.Pss)),
            session.Streamer.TooManyRequests, session.Streamer.Bans, session.Streamer.Restarts);
    }

    /// <summary>
    /// Waits until every symbol has aggtrade and depth rows, for at most 300 s, and gives up early when the tree's
    /// PSS passes the guard; returns how many symbols are flowing.
    /// </summary>
    private static async Task<int> WaitFlowingGuardedAsync(RecorderSession session, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var flowing = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(300) && !session.Streamer.HasExited)
        {
            flowing = session.Symbols.Count(s => RecordingCheck.HasRows(session.DataDir, s, "aggtrade") && RecordingCheck.HasRows(session.DataDir, s, "depth"));
            if (flowing == session.Symbols.Count)
            {
                break;
            }

            var pssGb = ProcTree.Sample(session.Streamer.Pid).Values.Sum(p => Math.Max(0, p.PssKb())) / 1024.0 / 1024.0;
            if (pssGb > PssGuardGb)
            {
                Console.WriteLine(Inv($"scale: the streamer tree reached {N1(pssGb)} GB PSS with {flowing} symbols flowing; stopping this run"));
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        }

        return flowing;
    }
}
