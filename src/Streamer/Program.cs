using Streamer;
using Streamer.Core;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;

// The one executable: documented commands go to the supervisor library, internal roles
// (writer, worker, orderbook, simulate), verify and history to their own libraries through RoleHost,
// SimulatorHost, VerifyHost, HistoryHost and ConvertHost.
CliCommand command;
try
{
    command = CommandLine.Parse(args);
}
catch (UsageException e)
{
    CliConsole.Standard.Usage(e.Message);
    return ExitCodes.Usage;
}

// Everything after --simulate goes to the simulator: check it now, or a bad option (often streamer's own,
// like -c, put after --simulate) would only show as a simulator child that keeps exiting with code 2.
if (command is RunCommand { SimulatorArgs: { } simulatorArgs } && Streamer.Simulator.SimulatorCommand.Validate(simulatorArgs) is { } problem)
{
    CliConsole.Standard.Usage($"--simulate: {problem} (options after --simulate go to the simulator; streamer's own, like -c, go before it)");
    return ExitCodes.Usage;
}

return command switch
{
    RoleCommand role => await RoleHost.RunAsync(role).ConfigureAwait(false),
    SimulateCommand simulate => await SimulatorHost.RunAsync(simulate).ConfigureAwait(false),
    VerifyFilesCommand verify => await VerifyHost.RunAsync(verify).ConfigureAwait(false),
    HistoryFilesCommand history => await HistoryHost.RunAsync(history).ConfigureAwait(false),
    UploadFilesCommand upload => await UploadHost.RunAsync(upload).ConfigureAwait(false),
    ConvertFilesCommand convert => await ConvertHost.RunAsync(convert).ConfigureAwait(false),
    _ => await StreamerApp.RunAsync(command, CliConsole.Standard).ConfigureAwait(false),
};
