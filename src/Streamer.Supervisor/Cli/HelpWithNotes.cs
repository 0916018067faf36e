using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// System.CommandLine's help (description, usage, arguments, options, subcommands from the definitions), followed by
/// the notes of the command (examples, exit codes, a tool's details) when it has some.
/// </summary>
internal sealed class HelpWithNotes(HelpAction inner, IReadOnlyDictionary<Command, string> notes) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var command = parseResult.CommandResult.Command;
        var output = parseResult.InvocationConfiguration.Output;
        inner.Invoke(parseResult);
        if (notes.TryGetValue(command, out var text))
        {
            output.Write(text.ReplaceLineEndings("\n"));
        }

        return 0;
    }
}
