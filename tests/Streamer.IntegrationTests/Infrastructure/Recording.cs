using System.Globalization;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.Simulator;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>A simulator plus the real streamer recording from it, for tests that do harm in between.</summary>
internal sealed class Recording : IAsyncDisposable
{
    private readonly string _streams;

    private Recording(Workspace workspace, SimulatedExchange exchange, StreamerProcess streamer, string[] symbols, string streams)
    {
        _streams = streams;
        Workspace = workspace;
        Exchange = exchange;
        Streamer = streamer;
        Symbols = symbols;
    }

    public Workspace Workspace { get; }

    public SimulatedExchange Exchange { get; }

    public StreamerProcess Streamer { get; }

    public string[] Symbols { get; }

    public string DataDir => Workspace.DataDir;

    public string TruthDir => Workspace.TruthDir;

    public static async Task<Recording> StartAsync(
        string[] symbols,
        Func<SimulatorOptions, SimulatorOptions>? simulator = null,
        string streams = "[aggtrade, depth, kline_1m, bookticker]",
        string extraConfig = "",
        string network = "",
        string supervisor = "",
        string storage = "",
        IEnumerable<string>? otherMarketSymbols = null,
        CancellationToken ct = default)
    {
        var workspace = new Workspace();
        var options = new SimulatorOptions
        {
            Symbols = symbols,
            Seed = 3,
            DefaultEventsPerSecond = 40,
            TruthDirectory = workspace.TruthDir,
        };
        var exchange = await SimulatedExchange.StartAsync(simulator?.Invoke(options) ?? options, ct).ConfigureAwait(false);
        workspace.WriteConfig(exchange.Port, symbols, streams, extraConfig, network, supervisor, storage, otherMarketSymbols);
        var streamer = StreamerProcess.Start(workspace.Root, "-c", workspace.ConfigPath);
        return new Recording(workspace, exchange, streamer, symbols, streams);
    }

    /// <summary>Highest aggTrade id on disk for a symbol (-1 if none).</summary>
    public long LastRecordedTradeId(string symbol) =>
        Recorded.Rows(DataDir, symbol, "aggtrade").Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max();

    /// <summary>Waits until every symbol has at least <paramref name="more"/> trades beyond what it has now.</summary>
    /// <remarks>Counted in rows, not ids: trade ids start anywhere (a first wait from "none yet" by id would end at the first trade).</remarks>
    public async Task WaitForMoreTradesAsync(int more, TimeSpan timeout)
    {
        var targets = Symbols.ToDictionary(s => s, s => Recorded.RowCount(DataDir, s, "aggtrade") + more);
        await Eventually.UntilAsync(() => Symbols.All(s => Recorded.RowCount(DataDir, s, "aggtrade") >= targets[s]), timeout,
            $"{more} more trades per symbol", () => Streamer.Output).ConfigureAwait(false);
    }

    /// <summary>Stops the market, waits for the recorder to catch up with everything generated, then SIGTERMs it.</summary>
    /// <param name="timeout">How long the recorder may take to catch up.</param>
    /// <param name="process">The recorder to stop when it is not <see cref="Streamer"/> (a second run on the same data).</param>
    public async Task PauseDrainAndStopAsync(TimeSpan timeout, StreamerProcess? process = null)
    {
        var streamer = process ?? Streamer;
        Exchange.Pause();
        foreach (var symbol in Symbols)
        {
            if (_streams.Contains("aggtrade", StringComparison.Ordinal))
            {
                var last = GroundTruthCheck.LastAggTradeId(TruthDir, symbol);
                await Eventually.UntilAsync(() => LastRecordedTradeId(symbol) >= last, timeout,
                    $"{symbol}: the last generated trade {last} on disk", () => streamer.Output).ConfigureAwait(false);
            }

            if (_streams.Contains("depth", StringComparison.Ordinal))
            {
                var last = Truth.Read(TruthDir, symbol, "depth@100ms").Select(t => t.Long("u")).DefaultIfEmpty(-1).Max();
                await Eventually.UntilAsync(
                    () => Recorded.Rows(DataDir, symbol, "depth").Select(r => long.Parse(r[3], CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() >= last,
                    timeout, $"{symbol}: the last depth update {last} on disk", () => streamer.Output).ConfigureAwait(false);
            }
        }

        streamer.Signal(Signals.SigTerm);
        Assert.That(await streamer.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false), Is.True, "no exit after SIGTERM\n" + streamer.Output);
        Assert.That(streamer.ExitCode, Is.EqualTo(0), streamer.Output);
    }

    /// <summary>Rows of the events file of a symbol.</summary>
    public List<string[]> Events(string symbol) => Recorded.Rows(DataDir, symbol, "events");

    public async ValueTask DisposeAsync()
    {
        Streamer.Dispose();
        await Exchange.DisposeAsync().ConfigureAwait(false);
        Workspace.Dispose();
    }
}
