using System.Globalization;

namespace Streamer.Pipes;

/// <summary>
/// Names of the named pipes of one supervisor run. On Linux .NET maps a pipe name to a Unix domain
/// socket at <c>/tmp/CoreFxPipe_{name}</c>; socket paths are limited to ~108 bytes, so names stay short.
/// All pipes are created with <see cref="System.IO.Pipes.PipeOptions.CurrentUserOnly"/>.
/// </summary>
public static class PipeNames
{
    /// <summary>Run identifier from the supervisor's process id (unique among running supervisors).</summary>
    public static string RunId(int supervisorPid) => supervisorPid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The writer's data pipe: workers and the order book connect here.</summary>
    public static string Writer(string runId) => $"stmr-{runId}-w";

    /// <summary>The order book process's input pipe: workers forward depth frames here.</summary>
    public static string OrderBook(string runId) => $"stmr-{runId}-ob";

    /// <summary>The supervisor's control pipe (status, stop). One per data directory is enough to find it.</summary>
    public static string Control(string runId) => $"stmr-{runId}-ctl";
}
