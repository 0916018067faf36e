using Streamer.Simulator;

namespace Streamer.Bench.Infrastructure;

/// <summary>One measured run: a workspace, the in-process simulated exchange, and the real streamer recording from it.</summary>
internal sealed class RecorderSession : IAsyncDisposable
{
    private RecorderSession(BenchWorkspace workspace, SimulatedExchange exchange, StreamerRun streamer, IReadOnlyList<string> symbols)
    {
        Workspace = workspace;
        Exchange = exchange;
        Streamer = streamer;
        Symbols = symbols;
    }

    public BenchWorkspace Workspace { get; }

    public SimulatedExchange Exchange { get; }

    public StreamerRun Streamer { get; }

    public IReadOnlyList<string> Symbols { get; }

    public string DataDir => Workspace.DataDir;

    /// <summary>What to record and how fast.</summary>
    /// <param name="Name">Benchmark name (temp folder prefix).</param>
    /// <param name="Symbols">Symbols to simulate and record.</param>
    /// <param name="TransactionsPerSecond">Simulator rate per symbol (order-book transactions per second).</param>
    /// <param name="Streams">Config streams list, e.g. <c>[aggtrade, depth, bookticker]</c>.</param>
    /// <param name="DepthSpeed">network.depth_speed.</param>
    internal sealed record Spec(string Name, IReadOnlyList<string> Symbols, double TransactionsPerSecond, string Streams, string DepthSpeed)
    {
        public bool Truth { get; init; }

        public string StartStagger { get; init; } = "100ms";

        /// <summary>supervisor.symbols_per_worker.</summary>
        public int SymbolsPerWorker { get; init; } = 1;

        public IReadOnlyDictionary<string, string>? Environment { get; init; }

        /// <summary>Extra arguments before <c>-c config.yaml</c> (e.g. <c>--daemon start</c>).</summary>
        public IReadOnlyList<string> Arguments { get; init; } = [];
    }

    public static async Task<RecorderSession> StartAsync(string exe, Spec spec, CancellationToken ct)
    {
        var workspace = new BenchWorkspace(spec.Name);
        SimulatedExchange? exchange = null;
        try
        {
            exchange = await BenchExchange.StartAsync(spec.Symbols, spec.TransactionsPerSecond, spec.Truth ? workspace.TruthDir : null, ct).ConfigureAwait(false);
            workspace.WriteConfig(exchange.Port, spec.Symbols, spec.Streams, spec.DepthSpeed, spec.StartStagger, symbolsPerWorker: spec.SymbolsPerWorker);
            var env = new Dictionary<string, string>(spec.Environment ?? new Dictionary<string, string>());
            var streamer = StreamerRun.Start(exe, workspace, env, [.. spec.Arguments, "-c", workspace.ConfigPath]);
            return new RecorderSession(workspace, exchange, streamer, spec.Symbols);
        }
        catch
        {
            if (exchange is not null)
            {
                await exchange.DisposeAsync().ConfigureAwait(false);
            }

            workspace.Dispose();
            throw;
        }
    }

    /// <summary>Waits until every symbol has rows of every one of <paramref name="streams"/> on disk.</summary>
    public Task WaitFlowingAsync(IReadOnlyList<string> streams, TimeSpan timeout, CancellationToken ct) =>
        Wait.OrFailAsync(() => !Streamer.HasExited && Symbols.All(s => streams.All(st => RecordingCheck.HasRows(DataDir, s, st))),
            timeout, $"rows of {string.Join('/', streams)} for all {Symbols.Count} symbols", ct, () => Streamer.Tail());

    /// <summary>Stops the market and waits until the last aggTrade and depth update of every symbol are on disk; returns how long that took.</summary>
    public async Task<TimeSpan> PauseAndDrainAsync(TimeSpan timeout, bool trades, bool depth, CancellationToken ct)
    {
        Exchange.Pause();
        var paused = System.Diagnostics.Stopwatch.StartNew();
        var (_, ids, _) = BenchExchange.Snapshot(Exchange);
        bool Done() => Symbols.All(s =>
            (!trades || ids[s].AggTrade < 0 || RecordingCheck.LastAggTradeId(DataDir, s) >= ids[s].AggTrade) &&
            (!depth || RecordingCheck.LastDepthUpdateId(DataDir, s) >= ids[s].Update));
        var drained = await Wait.UntilAsync(Done, timeout, ct, TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        return drained ? paused.Elapsed : Timeout.InfiniteTimeSpan;
    }

    public async ValueTask DisposeAsync()
    {
        Streamer.Dispose();
        await Exchange.DisposeAsync().ConfigureAwait(false);
        Workspace.Dispose();
    }
}
