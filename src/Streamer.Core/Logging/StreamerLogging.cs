using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Streamer.Core.Logging;

/// <summary>
/// One console logger setup for every role: one line per event on stderr (stdout stays free for
/// command output), UTC timestamps, the role and symbol as the category prefix.
/// </summary>
public static class StreamerLogging
{
    /// <summary>Creates the process's logger factory.</summary>
    public static ILoggerFactory Create(LogLevel level) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            builder.AddFilter("Microsoft", LogLevel.Warning);
            builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.ColorBehavior = Console.IsErrorRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
            });
        });
}
