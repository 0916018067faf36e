using Microsoft.Extensions.Logging;

namespace Streamer.Simulator;

/// <summary>The simulator's log events (ids 9000-9099). Everything goes to stderr; stdout carries only the listening line.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Critical, Message = "The market engine of {Symbol} failed and has stopped generating")]
    public static partial void EngineFailed(ILogger logger, string symbol, Exception exception);
}
