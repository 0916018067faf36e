using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Streamer.Core.Cli;

/// <summary>
/// What the tools (<c>verify</c>, <c>history</c>, <c>convert</c>) share about their System.CommandLine definitions:
/// parsing the words after the command word, their help and usage errors, and the value types they have in common.
/// <c>streamer</c> mounts the same definitions, so help, completion and typo suggestions there match what the tool parses.
/// </summary>
public static class ToolCommandLine
{
    /// <summary>Parses <paramref name="args"/>, the words after <paramref name="command"/>'s name.</summary>
    public static ParseResult Parse(Command command, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        return new RootCommand { command }.Parse([command.Name, .. args]);
    }

    /// <summary>
    /// Prints the help (and <paramref name="notes"/>) to <paramref name="output"/> and returns 0, or the errors and where
    /// to read the usage to <paramref name="error"/> and returns <see cref="ExitCodes.Usage"/>; null when the tool should run.
    /// </summary>
    public static async Task<int?> AnswerHelpOrErrorsAsync(ParseResult result, string notes, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var name = result.RootCommandResult.Command.Subcommands.Single().Name;
        if (result.Action is HelpAction)
        {
            result.Invoke(new InvocationConfiguration { Output = output, Error = error });
            await output.WriteAsync(notes.AsMemory(), ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (result.Errors.Count == 0)
        {
            return null;
        }

        await error.WriteLineAsync($"{name}: {Problem(result)}\nRun 'streamer {name} --help' for usage.".AsMemory(), ct).ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    /// <summary>Every error of the parse in one line.</summary>
    public static string Problem(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Join("; ", result.Errors.Select(e => e.Message.TrimEnd('.')).Distinct());
    }

    /// <summary>The <paramref name="token"/>th value as a UTC day <c>YYYY-MM-DD</c>; otherwise "NAME needs a UTC day as YYYY-MM-DD, e.g. 2026-05-01 (got "x")".</summary>
    public static DateOnly Day(ArgumentResult result, string name, int token = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens[token].Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        result.AddError($"{name} needs a UTC day as YYYY-MM-DD, e.g. {name} 2026-05-01 (got \"{text}\")");
        return default;
    }

    /// <summary>The value when the option was given on the line, else null.</summary>
    public static T? Given<T>(this ParseResult result, Option<T> option) where T : struct
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;
    }
}
