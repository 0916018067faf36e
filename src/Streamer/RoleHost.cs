using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Logging;
using Streamer.Core.Processes;
using Streamer.OrderBook;
using Streamer.Supervisor.Cli;
using Streamer.Upload;
using Streamer.Worker;
using Streamer.Writer;

namespace Streamer;

/// <summary>
/// Runs an internal role (writer, worker, orderbook) the supervisor launched: loads the configuration,
/// refuses to run unless that supervisor owns the data directory (<see cref="RoleOwnership"/>), points it at <c>--exchange</c> when given, wires signals and the parent watch to one token and calls
/// the role's entry point. The role's return value is the exit code.
/// </summary>
internal static class RoleHost
{
    public static async Task<int> RunAsync(RoleCommand command)
    {
        if (await HostConfig.LoadAsync(command.ConfigPath).ConfigureAwait(false) is not { } config)
        {
            return ExitCodes.Usage;
        }

        if (command.Exchange is not null)
        {
            config = ExchangeEndpoints.PointAt(config, command.Exchange);
        }

        if (RoleOwnership.Refusal(config.Storage.DataDir, command.ParentPid, ChildRoles.Name(command.Role)) is { } refusal)
        {
            await Console.Error.WriteLineAsync("error: " + refusal).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        using var loggers = StreamerLogging.Create(command.Verbose ? LogLevel.Debug : config.Logging.Level);
        var log = loggers.CreateLogger(ChildRoles.Name(command.Role) + (command.Symbols.Count == 0 ? "" : " " + string.Join(',', command.Symbols)));
        using var stop = new CancellationTokenSource();
        using var signals = new RoleSignals(stop, command.ParentPid, ignoreInterrupt: true, () => RoleHostLog.ParentGone(log, command.ParentPid));

        // Children run for weeks: hand the C heap's start-up leftovers back to the OS (a few MB per process).
        _ = NativeHeapTrim.RunAsync(TimeProvider.System, stop.Token);
        try
        {
            return command.Role switch
            {
                ChildRole.Writer => await WriterRole.RunAsync(config, command.RunId, loggers, stop.Token).ConfigureAwait(false),
                ChildRole.Worker => await WorkerRole.RunAsync(config, command.Symbols, command.RunId, loggers, stop.Token).ConfigureAwait(false),
                ChildRole.OrderBook => await OrderBookRole.RunAsync(config, command.RunId, loggers, stop.Token).ConfigureAwait(false),
                ChildRole.Uploader => await UploadRole.RunAsync(config, loggers, stop.Token).ConfigureAwait(false),
                _ => ExitCodes.Usage,
            };
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception e)
        {
            // A bug: the stack trace goes to the log and the supervisor restarts the process.
            RoleHostLog.RoleFailed(log, ChildRoles.Name(command.Role), e);
            return ExitCodes.Failure;
        }
    }
}
