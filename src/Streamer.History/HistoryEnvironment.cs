using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Streamer.History;

/// <summary>What a run depends on besides its arguments; tests replace the clock, the pauses and the HTTP stack.</summary>
/// <param name="Time">The clock (today's UTC day, retry pauses, rates).</param>
/// <param name="Logger">Retries, resumes and refusals.</param>
/// <param name="Terminal">stdout is a terminal: draw a live progress bar instead of one line per day.</param>
/// <param name="FirstRetryDelay">The pause before the first retry; it doubles up to 30 s.</param>
/// <param name="ReadTimeout">How long a response may send nothing before the attempt counts as failed.</param>
/// <param name="Handler">The HTTP handler; null for the default sockets handler.</param>
internal sealed record HistoryEnvironment(TimeProvider Time, ILogger Logger, bool Terminal, TimeSpan FirstRetryDelay, TimeSpan ReadTimeout, HttpMessageHandler? Handler = null)
{
    public static HistoryEnvironment Default(ILogger? logger, bool terminal) =>
        new(TimeProvider.System, logger ?? NullLogger.Instance, terminal, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}
