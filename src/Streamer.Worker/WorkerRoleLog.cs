using Microsoft.Extensions.Logging;

namespace Streamer.Worker;

/// <summary>Log messages of the role entry point (event ids 3100-3119).</summary>
internal static partial class WorkerRoleLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "{Symbol} is not a symbol of {ConfigFile}; a worker only records configured symbols")]
    public static partial void NotConfigured(ILogger logger, string symbol, string configFile);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Critical, Message = "{Symbol}: the worker failed; stopping the other symbols of this process gracefully so that it can be restarted")]
    public static partial void SymbolFailed(ILogger logger, string symbol, Exception exception);
}
