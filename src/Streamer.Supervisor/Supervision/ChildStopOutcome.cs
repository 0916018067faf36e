using Streamer.Core.Status;

namespace Streamer.Supervisor.Supervision;

/// <summary>How a child ended at a graceful stop.</summary>
/// <param name="Child">The child.</param>
/// <param name="ExitCode">Exit code of its last process (null: none ran, e.g. it was waiting to restart).</param>
/// <param name="Killed">It did not exit within the stop timeout and was killed.</param>
/// <param name="LastReports">Its last status line per symbol (a worker's final line says what it journalled).</param>
public sealed record ChildStopOutcome(SupervisedChild Child, int? ExitCode, bool Killed, IReadOnlyList<ChildStatus> LastReports);
