using Streamer.Core.Configuration;

namespace Streamer.Supervisor.Tests;

/// <summary>Configurations for tests, parsed by the real loader.</summary>
internal static class TestConfigs
{
    public static StreamerConfig Parse(string yaml, string? file = null) =>
        ConfigLoader.Parse(yaml, file ?? Path.Combine(Path.GetTempPath(), "config.yaml"));

    public static StreamerConfig WithSymbols(params string[] symbols) => Grouped(1, symbols);

    /// <summary>Symbols run <paramref name="perWorker"/> to a worker process (supervisor.symbols_per_worker).</summary>
    public static StreamerConfig Grouped(int perWorker, params string[] symbols) => Parse($$"""
        mode: development
        modes:
          development:
            symbols: [{{string.Join(", ", symbols)}}]
        supervisor:
          restart_min_delay: 100ms
          restart_max_delay: 1s
          stop_timeout: 5s
          start_stagger: 0ms
          symbols_per_worker: {{perWorker}}
        """);

    public static SupervisorConfig Supervisor(
        TimeSpan? min = null, TimeSpan? max = null, TimeSpan? healthy = null, int loopRestarts = 5,
        TimeSpan? window = null, TimeSpan? loopDelay = null, TimeSpan? stopTimeout = null) =>
        new(
            RestartMinDelay: min ?? TimeSpan.FromSeconds(1),
            RestartMaxDelay: max ?? TimeSpan.FromSeconds(60),
            HealthyUptime: healthy ?? TimeSpan.FromSeconds(60),
            CrashLoopRestarts: loopRestarts,
            CrashLoopWindow: window ?? TimeSpan.FromMinutes(5),
            CrashLoopDelay: loopDelay ?? TimeSpan.FromMinutes(5),
            StopTimeout: stopTimeout ?? TimeSpan.FromSeconds(5),
            StartStagger: TimeSpan.Zero);
}
