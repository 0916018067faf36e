using System.CommandLine;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Daemon;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Commands;

/// <summary>
/// Runs the documented commands (everything but the internal roles). A configuration error becomes one
/// line <c>error: message</c> and exit code 2, a file the user must fix (pid file, data directory) one
/// line and exit code 1 — never a stack trace.
/// </summary>
public static class StreamerApp
{
    /// <summary>Runs <paramref name="command"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(CliCommand command, CliConsole console, SelfCommand? self = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(console);
        self ??= SelfCommand.Current;
        try
        {
            switch (command)
            {
                case BuiltInCommand builtIn:
                    // Help, --version and [suggest] (shell completion) are System.CommandLine's own actions.
                    return await builtIn.Result.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, ct).ConfigureAwait(false);
                case CompletionCommand:
                    await console.Out.WriteAsync(CompletionScript.Bash).ConfigureAwait(false);
                    return ExitCodes.Ok;
                case ListSymbolsCommand list:
                    return ListSymbolsHandler.Run(list, console);
                case StatusCommand status:
                    return await StatusHandler.RunAsync(status, console, ct).ConfigureAwait(false);
                case DaemonCommand daemon:
                    return await DaemonHandler.RunAsync(daemon, console, self, ct).ConfigureAwait(false);
                case RunCommand run:
                    if (run.Daemonized)
                    {
                        // Before anything logs: the logger takes Console.Error as it is when it is created.
                        using var log = DaemonOutput.RedirectConsole(ConfigLoader.Load(run.ConfigPath, checkDataDir: false).Daemon);
                        return await RunHandler.RunAsync(run, new CliConsole(log, log, Color: false), self).ConfigureAwait(false);
                    }

                    return await RunHandler.RunAsync(run, console, self).ConfigureAwait(false);
                default:
                    console.Usage("this command is run by the supervisor, not typed");
                    return ExitCodes.Usage;
            }
        }
        catch (ConfigException e)
        {
            console.Fail(e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // e.g. an unwritable pid file or data directory: the message names the path.
            console.Fail(e.Message);
            return ExitCodes.Failure;
        }
    }
}
