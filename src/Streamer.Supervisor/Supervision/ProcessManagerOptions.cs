using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Supervision;

/// <summary>Everything a <see cref="ProcessManager"/> needs.</summary>
public sealed class ProcessManagerOptions
{
    /// <summary>The validated configuration to run.</summary>
    public required StreamerConfig Config { get; init; }

    /// <summary>Builds each child's command line.</summary>
    public required IChildLauncher Launcher { get; init; }

    /// <summary>The writer's pipe, for delivering journals of sources no child runs; null: the supervisor delivers none (tests).</summary>
    public string? WriterPipe { get; init; }

    /// <summary>Logger factory of the supervisor.</summary>
    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Clock for delays and uptimes.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Receives (child name, line) for every log line of a child; by default written to stderr prefixed by the name.</summary>
    public Action<string, string> ChildOutput { get; init; } = (name, line) => Console.Error.WriteLine($"[{name}] {line}");

    /// <summary>Run the simulated exchange first and point every other child at it.</summary>
    public bool Simulate { get; init; }

    /// <summary>Called with the simulator's address once it announced it (before anything else starts).</summary>
    public Action<Uri>? SimulatorReady { get; init; }

    /// <summary>How long the simulator may take to announce its address.</summary>
    public TimeSpan SimulatorStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a restarting worker waits for a restarting writer or order book to be started first.</summary>
    public TimeSpan CriticalFirstTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
