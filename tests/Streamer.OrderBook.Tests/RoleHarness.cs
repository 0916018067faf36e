using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Core.Configuration;
using Streamer.Pipes;
using Streamer.Core.Status;
using Streamer.OrderBook.Server;

namespace Streamer.OrderBook.Tests;

/// <summary>Runs the real order book role on a private pipe name with a fake writer, and stops it.</summary>
internal sealed class RoleHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private RoleHarness(string runId, StreamerConfig config)
    {
        RunId = runId;
        Config = config;
    }

    public string RunId { get; }

    public StreamerConfig Config { get; }

    public string Pipe => PipeNames.OrderBook(RunId);

    public FakeWriterSinks Writer { get; } = new();

    public ConcurrentQueue<ChildStatus> Statuses { get; } = new();

    public Task<int>? Run { get; private set; }

    public ChildStatus? Latest => Statuses.LastOrDefault();

    public static RoleHarness Create(int depth = 3, string? runId = null)
    {
        var config = ConfigLoader.Load(Path.Combine(RepoRoot.Path, "config.yaml"), checkDataDir: false);
        config = config with { OrderBook = new OrderBookConfig(true, depth, TimeSpan.FromMilliseconds(50)) };
        return new RoleHarness(runId ?? NewRunId(), config);
    }

    public static string NewRunId() => "t" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public RoleHarness Start()
    {
        var host = new OrderBookHost
        {
            Sinks = Writer.Create,
            PublishStatus = Statuses.Enqueue,
            StatusInterval = TimeSpan.FromMilliseconds(50),
        };
        Run = Task.Run(() => OrderBookRole.RunAsync(Config, RunId, NullLoggerFactory.Instance, host, _stop.Token));
        return this;
    }

    public string Info(string key) => Latest?.Info.GetValueOrDefault(key) ?? "";

    public long Counter(string key) => Latest?.Counters.GetValueOrDefault(key) ?? 0;

    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run!.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (Run is { IsCompleted: false })
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
