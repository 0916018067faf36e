using Prometheus;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// The supervisor process's own process and runtime metrics in a registry: prometheus-net's process
/// collector (<c>process_cpu_seconds_total</c>, <c>process_working_set_bytes</c>, <c>process_open_handles</c>,
/// <c>dotnet_collection_count_total</c>, ...) and the .NET runtime's built-in <c>System.Runtime</c> meter
/// (<c>system_runtime_dotnet_gc_*</c>, <c>system_runtime_dotnet_thread_pool_*</c>, ...). Only that meter: the
/// others in the process (Kestrel, HttpClient) would describe the metrics endpoint more than the recorder.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    /// <summary>The .NET runtime's meter (.NET 9 and later).</summary>
    public const string RuntimeMeter = "System.Runtime";

    private readonly IDisposable _meters;

    public RuntimeMetrics(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);

        // MetricFactory must be given too: its default is the static default registry, whatever Registry says.
        _meters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == RuntimeMeter,
        });
    }

    /// <inheritdoc />
    public void Dispose() => _meters.Dispose();
}
