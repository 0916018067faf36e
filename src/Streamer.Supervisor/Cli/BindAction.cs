using System.CommandLine;
using System.CommandLine.Invocation;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// The action of each of streamer's commands: turns a parse without errors into the <see cref="CliCommand"/> that
/// Program dispatches. Kept as the command's action so the parser knows the command is complete by itself.
/// </summary>
internal sealed class BindAction(Func<ParseResult, CliCommand> bind) : SynchronousCommandLineAction
{
    public CliCommand Bind(ParseResult result) => bind(result);

    /// <summary>Not used: <see cref="CommandLine.Parse"/> binds, and Program runs the bound command.</summary>
    public override int Invoke(ParseResult parseResult) => throw new InvalidOperationException("streamer's commands are bound by CommandLine.Parse, not invoked");
}
