using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// <c>/health</c>: healthy when the writer runs and no child is in a crash loop. A rejected worker
/// (symbol not on the exchange) is reported but does not make the recorder unhealthy.
/// </summary>
public static class HealthCheck
{
    /// <summary>The problems found (empty: healthy).</summary>
    public static IReadOnlyList<string> Problems(SupervisorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var problems = new List<string>();
        if (!snapshot.Children.Any(c => c.Role == "writer" && c.Pid is not null))
        {
            problems.Add("the writer is not running");
        }

        foreach (var child in snapshot.Children.Where(c => c.CrashLoop))
        {
            problems.Add($"{child.Role}{(child.Symbol is null ? "" : " " + child.Symbol)} is in a crash loop");
        }

        return problems;
    }
}
