using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Streamer.Binance.Rest;
using Streamer.Core.Configuration;
using Streamer.Core.Status;
using Streamer.Simulator;

namespace Streamer.Worker.Tests.Integration;

/// <summary>
/// The real simulated exchange in-process, a configuration pointed at it, and a worker writing into a
/// <see cref="MemorySink"/>. Timeouts are short so that faults play out in seconds.
/// </summary>
internal sealed class SimulatedWorld : IAsyncDisposable
{
    private SimulatedWorld(SimulatedExchange exchange, string root)
    {
        Exchange = exchange;
        Root = root;
    }

    public SimulatedExchange Exchange { get; }

    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    public string TruthDir => Path.Combine(Root, "truth");

    public static async Task<SimulatedWorld> StartAsync(Func<SimulatorOptions, SimulatorOptions>? tune = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "streamer-worker-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var options = new SimulatorOptions
        {
            Symbols = ["BTCUSDT"],
            DefaultEventsPerSecond = 150,
            BurstMultiplier = 1,
            TruthDirectory = Path.Combine(root, "truth"),
            Seed = 7,
        };
        var exchange = await SimulatedExchange.StartAsync(tune?.Invoke(options) ?? options, CancellationToken.None);
        return new SimulatedWorld(exchange, root);
    }

    /// <summary>A configuration for <paramref name="symbol"/> pointed at the simulator, with extra network keys.</summary>
    public StreamerConfig Config(string symbol = "BTCUSDT", string network = "", string streams = "[aggtrade, depth, bookticker, kline_1m, markprice, forceorder]")
    {
        var yaml = $"""
            mode: test
            modes:
              test:
                streams: {streams}
                symbols: [{symbol}]
            network:
              connect_timeout: 2s
              request_timeout: 2s
              reconnect_min_delay: 50ms
              reconnect_max_delay: 500ms
              healthy_connection: 1s
              rest_weight_budget: 2400
            {Indent(network)}
            storage:
              data_dir: ./data
            """;
        var config = ConfigLoader.Parse(yaml, Path.Combine(Root, "config.yaml"));
        return ExchangeEndpoints.PointAt(config, Exchange.RestBaseUrl);
    }

    public RunningWorker StartWorker(StreamerConfig config, string symbol = "BTCUSDT", MemorySink? sink = null)
    {
        var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var time = TimeProvider.System;
        var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(config.Storage.DataDir), config.Network.RestWeightBudget, time, loggers.CreateLogger("rest"));
        var rest = new BinanceRestClient(config.Network, limiter, time, loggers.CreateLogger("rest"));
        var statuses = new List<ChildStatus>();
        sink ??= new MemorySink();
        var worker = new SymbolWorker(new SymbolWorkerOptions
        {
            Config = config,
            Symbol = config.FindSymbol(symbol)!,
            Writer = sink,
            Rest = rest,
            Time = time,
            Publish = s =>
            {
                lock (statuses)
                {
                    statuses.Add(s);
                }
            },
            StatusInterval = TimeSpan.FromMilliseconds(200),
        }, loggers);
        var cts = new CancellationTokenSource();
        var run = Task.Run(() => worker.RunAsync(cts.Token));
        return new RunningWorker(worker, sink, run, cts, rest, loggers, statuses);
    }

    /// <summary>Ids of the ground truth file of a stream (e.g. aggTrade.jsonl, field "a").</summary>
    public List<long> TruthIds(string symbol, string file, string field)
    {
        Exchange.FlushTruth();
        var path = Path.Combine(TruthDir, symbol, file);
        return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            return doc.RootElement.GetProperty(field).GetInt64();
        })];
    }

    public async ValueTask DisposeAsync()
    {
        await Exchange.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static string Indent(string network) =>
        string.Join("\n", network.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l.Trim()));

    /// <summary>Waits for a condition with a deadline (never a fixed sleep followed by a hopeful assert).</summary>
    public static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0}s waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }

    public static long Parse(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}

internal sealed record RunningWorker(SymbolWorker Worker, MemorySink Sink, Task<int> Run, CancellationTokenSource Stop, BinanceRestClient Rest, ILoggerFactory Loggers, List<ChildStatus> Statuses)
{
    public async Task<int> StopAsync()
    {
        await Stop.CancelAsync();
        var code = await Run.WaitAsync(TimeSpan.FromSeconds(20));
        Worker.Dispose();
        Rest.Dispose();
        Loggers.Dispose();
        Stop.Dispose();
        return code;
    }

    public ChildStatus? LastStatus
    {
        get
        {
            lock (Statuses)
            {
                return Statuses.Count == 0 ? null : Statuses[^1];
            }
        }
    }
}
