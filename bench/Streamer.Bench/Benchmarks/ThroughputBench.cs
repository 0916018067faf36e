using System.Diagnostics;
using Streamer.Bench.Infrastructure;
using static Streamer.Bench.Infrastructure.Fmt;

namespace Streamer.Bench.Benchmarks;

/// <summary>
/// Throughput: 10 symbols of aggTrade + depth@0ms + bookTicker with the simulator flooding; the rate
/// recorded with zero loss, and (ramp) the rate at which loss or unbounded lag begins.
/// </summary>
internal static class ThroughputBench
{
    public const double TargetMessagesPerSecond = 250_000;

    /// <summary>Recorded messages per simulator transaction with these three streams (measured: see the section).</summary>
    public const double MessagesPerTransaction = 1.6;

    private static readonly string[] Streams = ["aggtrade", "depth", "bookticker"];

    /// <summary>Rates of the search for where loss or lag begins, messages/s in all.</summary>
    private static readonly double[] RampSteps = [25_000, 50_000, 75_000, 100_000, 150_000, 200_000, 250_000, 300_000, 400_000];

    /// <summary>The market's rate while the recorder starts, as a fraction of the run's rate.</summary>
    private const double StartFraction = 0.1;

    /// <summary>How the market heats up once every symbol flows: one fraction of the run's rate per <see cref="RampStep"/>.</summary>
    private static readonly double[] RampUp = [0.25, 0.5, 0.75, 1];

    private static readonly TimeSpan RampStep = TimeSpan.FromSeconds(3);

    /// <summary>Lag beyond this after the market stops counts as unbounded (the recorder was falling behind).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(20);

    /// <summary>A run's outcome.</summary>
    /// <param name="Offered">Messages/s the simulator sent during the window.</param>
    /// <param name="Sent">Messages the simulator sent in the whole run.</param>
    /// <param name="Recorded">Messages the files account for in the whole run.</param>
    /// <param name="Loss">Empty when nothing was lost; else what was.</param>
    /// <param name="Drain">Time from stopping the market to the last message on disk (the recorder's lag); infinite when it never came.</param>
    /// <param name="TreeCpu">CPU of the streamer process tree, in cores, during the window.</param>
    /// <param name="SimulatorCpu">CPU of the harness (the simulator), in cores, during the window.</param>
    /// <param name="ExitCode">streamer's exit code after SIGTERM (null: it had to be killed).</param>
    public sealed record Run(double Offered, long Sent, long Recorded, string Loss, TimeSpan Drain, double TreeCpu, double SimulatorCpu, int? ExitCode)
    {
        /// <summary>Kept up: no loss, the lag at the end was bounded (under 2 s) and the stop was clean.</summary>
        public bool KeptUp => Loss.Length == 0 && Drain != Timeout.InfiniteTimeSpan && Drain < TimeSpan.FromSeconds(2) && ExitCode == 0;
    }

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var symbols = await BenchExchange.SymbolsAsync(options.Symbols ?? 10, ct).ConfigureAwait(false);
        var target = options.Rate ?? TargetMessagesPerSecond;
        var window = options.Window(20);
        var runs = new List<Run>();
        for (var i = 0; i < options.Runs; i++)
        {
            var run = await MeasureAsync(options, symbols, target, window, options.Truth, ct).ConfigureAwait(false);
            runs.Add(run);
            Console.WriteLine(Inv($"throughput run {i + 1}/{options.Runs}: offered {N0(run.Offered)} msg/s, sent {N0(run.Sent)}, recorded {N0(run.Recorded)}, loss: {(run.Loss.Length == 0 ? "none" : run.Loss)}, drain {Drain(run.Drain)}, streamer CPU {N2(run.TreeCpu)} cores, simulator {N2(run.SimulatorCpu)} cores"));
        }

        var ramp = new List<(double Target, Run Run)>();
        if (!options.NoRamp)
        {
            foreach (var asked in RampSteps)
            {
                var run = await MeasureAsync(options, symbols, asked, TimeSpan.FromSeconds(12), truth: false, ct).ConfigureAwait(false);
                ramp.Add((asked, run));
                Console.WriteLine(Inv($"ramp {N0(asked)} msg/s asked: offered {N0(run.Offered)}, loss: {(run.Loss.Length == 0 ? "none" : run.Loss)}, drain {Drain(run.Drain)}, streamer {N2(run.TreeCpu)} + simulator {N2(run.SimulatorCpu)} cores"));
                if (!run.KeptUp || run.Offered < asked * 0.8)
                {
                    break; // the recorder or the simulator (same 2 cores) has reached its limit
                }
            }
        }

        var clean = runs.Where(r => r.KeptUp).ToList();
        var median = Stats.Median(runs.Select(r => r.KeptUp ? r.Offered : 0));
        var report = new Report("Throughput",
            $"""
            {symbols.Count} symbols, aggTrade + depth@0ms + bookTicker, simulator without bursts at a rate chosen for {N0(target)} messages/s in all
            (it flattens out when the simulator and the recorder together use up the 2 cores). Each run: start the recorder in a calm market
            ({StartFraction * 100:0}% of the rate), wait until every symbol's files have rows, raise the market to the full rate in {RampUp.Length} steps of
            {RampStep.TotalSeconds:0} s (a market heating up; a cold start straight into the flood is cut by the simulator's slow-client limit while ten
            processes still compile their code), {options.Warmup(10).TotalSeconds:0} s warm-up (tiered JIT settles), {window.TotalSeconds:0} s window, then the market is paused and the time until the last aggTrade id and depth `u` of
            every symbol are on disk is the lag ("drain"). Zero loss is proven from the exchange's own ids over the whole run: aggTrade ids
            contiguous and ending at the simulator's last id, the depth `pu` chain unbroken and ending at its last `u`, messages in the files =
            WebSocket messages the simulator sent, no gap/disconnect/resync row in `events`, no slow-client disconnect.{(options.Truth ? " Ground-truth files were also compared (aggTrade and depth counts from the first recorded id)." : " The simulator's ground-truth files are off here (writing them would cost the machine CPU at these rates); the id checks above are equivalent for loss, and `--truth` adds them.")}
            A run that lost data, lagged 2 s or more or did not stop cleanly counts as 0 in the median.
            """);
        report.Table(["run", "offered msg/s", "sent", "recorded", "loss", "drain (lag)", "streamer CPU (cores)", "simulator CPU (cores)", "exit"],
            runs.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), N0(r.Offered), N0(r.Sent), N0(r.Recorded),
                r.Loss.Length == 0 ? "none" : r.Loss, Drain(r.Drain), N2(r.TreeCpu), N2(r.SimulatorCpu), r.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "killed"]));
        report.Line(Inv($"**Median sustained rate with zero loss: {N0(median)} messages/s** ({clean.Count} of {runs.Count} runs kept up)."));
        if (ramp.Count > 0)
        {
            report.Line("").Line("Ramp (one 12 s run per step, stops at the first step that loses data, lags 2 s or more, or that the simulator cannot offer within 20%):").Line("");
            report.Table(["asked msg/s", "offered msg/s", "loss", "drain (lag)", "streamer CPU", "simulator CPU", "kept up"],
                ramp.Select(r => (IReadOnlyList<string>)[N0(r.Target), N0(r.Run.Offered), r.Run.Loss.Length == 0 ? "none" : r.Run.Loss, Drain(r.Run.Drain), N2(r.Run.TreeCpu), N2(r.Run.SimulatorCpu), r.Run.KeptUp ? "yes" : "no"]));
            var lastGood = ramp.Where(r => r.Run.KeptUp).Select(r => r.Run.Offered).DefaultIfEmpty(0).Max();
            var firstBad = ramp.FirstOrDefault(r => !r.Run.KeptUp);
            report.Line(firstBad.Run is null
                ? Inv($"Highest rate offered that was recorded cleanly: {N0(lastGood)} msg/s; no step lost data or lagged.")
                : Inv($"Highest clean rate {N0(lastGood)} msg/s; at {N0(firstBad.Run.Offered)} msg/s offered: {(firstBad.Run.Loss.Length > 0 ? "loss (" + firstBad.Run.Loss + ")" : "lag " + Drain(firstBad.Run.Drain))}."));
        }

        var cleanRamp = ramp.Where(r => r.Run.KeptUp).Select(r => r.Run.Offered).DefaultIfEmpty(0).Max();
        var lossFrom = ramp.FirstOrDefault(r => !r.Run.KeptUp).Run?.Offered;
        var best = Math.Max(median, cleanRamp);
        var measured = Inv($"{N0(median)} msg/s at {N0(target)} asked ({clean.Count}/{runs.Count} runs clean)") +
            (ramp.Count > 0 ? Inv($"; ramp: clean up to {N0(cleanRamp)} msg/s") + (lossFrom is { } l ? Inv($", loss or lag from {N0(l)} msg/s") : "") : "");
        var verdict = best >= TargetMessagesPerSecond ? "met" : Inv($"missed by {N0(TargetMessagesPerSecond - best)} msg/s ({(1 - best / TargetMessagesPerSecond) * 100:0}%)");
        report.Publish(options, "throughput", new SummaryRow("≥ 250,000 msg/s, zero loss", measured, verdict, ""));
    }

    public static async Task<Run> MeasureAsync(BenchOptions options, IReadOnlyList<string> symbols, double messagesPerSecond, TimeSpan window, bool truth, CancellationToken ct)
    {
        var perSymbol = messagesPerSecond / MessagesPerTransaction / symbols.Count;
        var spec = new RecorderSession.Spec("throughput", symbols, perSymbol, "[aggtrade, depth, bookticker]", "0ms") { Truth = truth };
        await using var session = await RecorderSession.StartAsync(options.Exe, spec, ct).ConfigureAwait(false);

        // The recorder starts in a calm market, which then heats up to the flood: what is measured is the rate
        // it sustains, not whether ten processes that are still compiling their code survive a flood from
        // their first second (the simulator cuts a client 20,000 messages behind, and the cold start did lose a resync per symbol).
        session.Exchange.ScaleRates(StartFraction);
        await session.WaitFlowingAsync(Streams, TimeSpan.FromSeconds(90), ct).ConfigureAwait(false);
        foreach (var step in RampUp)
        {
            await Task.Delay(RampStep, ct).ConfigureAwait(false); // the market heating up, not a wait for a result
            session.Exchange.ScaleRates(step);
        }

        await Task.Delay(options.Warmup(10), ct).ConfigureAwait(false); // warm-up (tiered JIT, buffers), not a wait for a result

        var self = Process.GetCurrentProcess();
        var (sent0, _, _) = BenchExchange.Snapshot(session.Exchange);
        var tree0 = ProcTree.Sample(session.Streamer.Pid);
        self.Refresh();
        var selfCpu0 = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, ct).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var (sent1, _, _) = BenchExchange.Snapshot(session.Exchange);
        var tree1 = ProcTree.Sample(session.Streamer.Pid);
        self.Refresh();
        var selfCpu = (self.TotalProcessorTime - selfCpu0).TotalSeconds / elapsed;
        var treeCpu = ProcTree.Delta(tree0, tree1).Sum(d => d.Ticks) / Machine.TicksPerSecond / elapsed;

        var drain = await session.PauseAndDrainAsync(DrainLimit, trades: true, depth: true, ct).ConfigureAwait(false);
        var (sentTotal, ids, slow) = BenchExchange.Snapshot(session.Exchange);
        var exit = await session.Streamer.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);

        var problems = new List<string>();
        long recorded = 0;
        foreach (var symbol in symbols)
        {
            var r = RecordingCheck.Scan(session.DataDir, symbol);
            recorded += r.Messages;
            if (r.AggTradeGaps > 0 || r.LastAggTradeId < ids[symbol].AggTrade)
            {
                problems.Add(Inv($"{symbol} aggTrade: {r.AggTradeGaps} id jumps, last {r.LastAggTradeId} of {ids[symbol].AggTrade}"));
            }

            if (r.DepthBreaks > 0 || r.LastDepthUpdateId < ids[symbol].Update)
            {
                problems.Add(Inv($"{symbol} depth: {r.DepthBreaks} pu breaks, last u {r.LastDepthUpdateId} of {ids[symbol].Update}"));
            }

            if (r.LossEvents > 0)
            {
                problems.Add(Inv($"{symbol}: {r.LossEvents} gap/disconnect/resync events"));
                Console.Error.Write(RecordingCheck.LossEventsText(session.DataDir, symbol, max: 4));
            }

            if (truth)
            {
                var trades = TruthCount.From(session.Workspace.TruthDir, symbol, "aggTrade", "a", r.FirstAggTradeId);
                var depth = TruthCount.From(session.Workspace.TruthDir, symbol, "depth@0ms", "u", r.FirstDepthUpdateId);
                if (trades != r.AggTrades || depth != r.DepthEvents)
                {
                    problems.Add(Inv($"{symbol} vs truth: aggTrade {r.AggTrades} of {trades}, depth {r.DepthEvents} of {depth}"));
                }
            }
        }

        if (slow > 0)
        {
            problems.Add(Inv($"{slow} slow-client disconnects"));
        }

        if (recorded < sentTotal)
        {
            problems.Add(Inv($"{N0(sentTotal - recorded)} sent messages not in the files"));
        }

        if (session.Streamer.Restarts > 0)
        {
            problems.Add(Inv($"{session.Streamer.Restarts} child restarts"));
        }

        var loss = string.Join("; ", problems.Take(3)) + (problems.Count > 3 ? Inv($"; +{problems.Count - 3} more") : "");
        if (loss.Length > 0)
        {
            Console.Error.WriteLine("loss detail: " + string.Join("\n  ", problems) + "\n" + session.Streamer.Tail(15));
        }

        return new Run((sent1 - sent0) / elapsed, sentTotal, recorded, loss, drain, treeCpu, selfCpu, exit);
    }

    private static string Drain(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? Inv($"> {DrainLimit.TotalSeconds:0} s") : Inv($"{t.TotalMilliseconds:0} ms");
}
