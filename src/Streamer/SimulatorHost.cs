using Streamer.Simulator;
using Streamer.Supervisor.Cli;

namespace Streamer;

/// <summary>
/// Runs <c>streamer simulate</c>. Alone in a terminal, Ctrl+C stops it; launched by the supervisor
/// (<c>--parent-pid</c>), it behaves like the other children: SIGTERM or the supervisor's exit stop it.
/// </summary>
internal static class SimulatorHost
{
    public static async Task<int> RunAsync(SimulateCommand command)
    {
        using var stop = new CancellationTokenSource();
        using var signals = new RoleSignals(stop, command.ParentPid, ignoreInterrupt: command.ParentPid > 0);
        try
        {
            return await SimulatorCommand.RunAsync(command.Options, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
    }
}
