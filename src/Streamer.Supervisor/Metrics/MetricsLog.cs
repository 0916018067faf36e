using Microsoft.Extensions.Logging;

namespace Streamer.Supervisor.Metrics;

/// <summary>Log messages of the metrics endpoint. Event ids 1250-1269 and 1350-1399.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(1250, LogLevel.Information, "metrics on {Address}metrics, health on {Address}health")]
    public static partial void Listening(ILogger logger, Uri address);

    [LoggerMessage(1251, LogLevel.Warning, "metrics disabled for this run: cannot listen on {Listen} ({Reason}); set metrics.listen to a free address, or metrics.enabled: false")]
    public static partial void CannotListen(ILogger logger, string listen, string reason);

    [LoggerMessage(1350, LogLevel.Warning, "metrics could not be updated ({Reason}); /metrics may be behind until this clears")]
    public static partial void SampleFailed(ILogger logger, string reason);
}
