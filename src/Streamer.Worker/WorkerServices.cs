using Streamer.Worker.Output;
using Streamer.Worker.Status;

namespace Streamer.Worker;

/// <summary>What the parts of one worker share.</summary>
/// <param name="Output">Where rows go.</param>
/// <param name="Events">Where events rows go.</param>
/// <param name="Status">Counters for the status line.</param>
/// <param name="Time">Clock.</param>
/// <param name="OnBug">Told about an unexpected exception in a background task: the worker then fails loudly.</param>
/// <param name="Stopping">Cancelled when the worker stops.</param>
internal sealed record WorkerServices(RowOutput Output, EventLog Events, WorkerStatus Status, TimeProvider Time, Action<Exception> OnBug, CancellationToken Stopping);
