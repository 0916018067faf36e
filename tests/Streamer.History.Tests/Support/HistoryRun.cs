using Microsoft.Extensions.Logging.Abstractions;

namespace Streamer.History.Tests.Support;

/// <summary>Runs <c>streamer history</c> in-process at a chosen time, with short retry pauses, and keeps what it printed.</summary>
internal sealed record HistoryRun(int ExitCode, string Output, string Error)
{
    public static async Task<HistoryRun> StartAsync(Workspace ws, string baseUrl, DateTimeOffset now, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new HistorySettings(ws.DataDir, new Uri(baseUrl), TimeSpan.FromMinutes(10), [RealRows.Symbol]);
        var env = new HistoryEnvironment(new FixedTime(now), NullLogger.Instance, Terminal: false, FirstRetryDelay: TimeSpan.FromMilliseconds(10), ReadTimeout: TimeSpan.FromSeconds(10));
        var exit = await HistoryCommand.RunAsync(settings, args, output, error, env, CancellationToken.None);
        return new HistoryRun(exit, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";

    /// <summary>A clock that says <paramref name="now"/> for dates; timers and elapsed time stay real.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
