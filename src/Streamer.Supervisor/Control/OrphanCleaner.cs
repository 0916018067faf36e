using System.Globalization;
using Streamer.Core.Processes;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Control;

/// <summary>
/// Ends children left behind by a supervisor that died (normally they notice and exit within a
/// second; this covers the rest). Only processes whose command line names that run's supervisor as
/// <c>--parent-pid</c> are touched, so a recycled pid is never signalled.
/// </summary>
public static class OrphanCleaner
{
    /// <summary>Stops leftover children of <paramref name="previous"/>; returns how many there were.</summary>
    public static async Task<int> CleanAsync(RunInfo previous, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var parent = previous.Pid.ToString(CultureInfo.InvariantCulture);
        var leftovers = previous.Children.Select(c => c.Pid).Distinct().Where(pid => IsChildOf(pid, parent)).ToList();
        foreach (var pid in leftovers)
        {
            Signals.Send(pid, Signals.SigTerm);
        }

        await Poll.UntilAsync(() => !leftovers.Any(ProcessInspector.IsAlive), timeout, TimeProvider.System, ct).ConfigureAwait(false);

        foreach (var pid in leftovers.Where(ProcessInspector.IsAlive))
        {
            ProcessInspector.KillTree(pid);
        }

        return leftovers.Count;
    }

    private static bool IsChildOf(int pid, string parentPid)
    {
        var args = ProcessInspector.CommandLine(pid);
        if (args is null)
        {
            return false;
        }

        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == "--parent-pid" && args[i + 1] == parentPid)
            {
                return true;
            }
        }

        return false;
    }
}
