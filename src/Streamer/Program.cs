using Streamer;
using Streamer.Core;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;

// The one executable: System.CommandLine parses (Streamer.Supervisor.Cli.CommandLine); documented commands go to the
// supervisor library, internal roles (writer, worker, orderbook, uploader), simulate, verify, history, upload and
// convert to their own libraries through RoleHost, SimulatorHost, VerifyHost, HistoryHost, UploadHost and ConvertHost.
CliCommand command;
try
{
    command = CommandLine.Parse(args);
}
catch (UsageException e)
{
    CliConsole.Standard.Usage(e);
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
