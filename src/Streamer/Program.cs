using Streamer;
using Streamer.Core;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;

// The one executable: documented commands go to the supervisor library, internal roles
// (writer, worker, orderbook, simulate) and verify to their own libraries through RoleHost,
// SimulatorHost and VerifyHost.
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

return command switch
{
    RoleCommand role => await RoleHost.RunAsync(role).ConfigureAwait(false),
    SimulateCommand simulate => await SimulatorHost.RunAsync(simulate).ConfigureAwait(false),
    VerifyFilesCommand verify => await VerifyHost.RunAsync(verify).ConfigureAwait(false),
    _ => await StreamerApp.RunAsync(command, CliConsole.Standard).ConfigureAwait(false),
};
