using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Streamer.Core.Cli;

namespace Streamer.Storage.Convert;

/// <summary>
/// The <c>convert</c> command: <c>--to parquet [--symbols A,B] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [SYMBOL...]</c>.
/// <c>--to</c> is the target format when its value is a format name and the last day when it is a date, as in the
/// issue's spelling. <c>streamer</c> mounts <see cref="Command"/>; <see cref="ConvertCommand"/> parses with it.
/// </summary>
public sealed class ConvertCli
{
    private const string Parquet = "parquet";

    // Each value is "parquet" or a day; the day is kept, the format only counted.
    private readonly Option<DateOnly?[]> _to = new("--to")
    {
        HelpName = "parquet|YYYY-MM-DD",
        Description = "the target format (parquet, the only one; required), or the last day to convert, inclusive",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = r => [.. r.Tokens.Select((t, i) => t.Value == Parquet ? (DateOnly?)null : Day(r, i))],
    };

    private readonly Option<DateOnly> _from = new("--from")
    {
        HelpName = "YYYY-MM-DD",
        Description = "first day to convert, inclusive",
        CustomParser = r => ToolCommandLine.Day(r, "--from"),
    };

    private readonly Option<string[]> _symbols = new("--symbols")
    {
        HelpName = "A,B",
        Description = "symbols to convert (default: every symbol folder)",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
    };

    private readonly Argument<string[]> _symbolWords = new("SYMBOL") { Arity = ArgumentArity.ZeroOrMore, Description = "more symbols to convert" };

    public ConvertCli()
    {
        _to.CompletionSources.Add(Parquet);
        Command = new Command("convert", "closed CSV days into Parquet parts in storage.layout (stop the recorder first)") { _to, _from, _symbols, _symbolWords };
        Command.Validators.Add(result =>
        {
            if (result.GetResult(_to) is not { } to || !to.Tokens.Any(t => t.Value == Parquet))
            {
                result.AddError("say what to convert to: --to parquet (the only target)");
            }
            else if (result.GetResult(_symbolWords)?.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } option)
            {
                result.AddError($"unknown option '{option.Value}'");
            }
        });
    }

    /// <summary>The <c>convert</c> command.</summary>
    public Command Command { get; }

    /// <summary>Printed after the options by <c>convert --help</c>.</summary>
    public static string Notes { get; } = """
        Converts closed CSV days (.csv, .csv.gz, .csv.zst of days before today, UTC) under storage.data_dir into Parquet
        parts in the configured storage.layout, checks that the part holds as many rows as the CSV, then replaces the
        CSV. Stop the recorder first: convert refuses (exit 1, naming its pid) while a recorder owns the data directory,
        and leaves files that the writer's checkpoint still lists to the recorder's next start.

        Exit code: 0 ok, 1 some file could not be converted or the data directory is in use, 2 for bad usage.

        """;

    /// <summary>What to convert, or the problem (a <c>--from</c> after the last day).</summary>
    public (ConvertArguments? Arguments, string? Problem) Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var to = (result.GetValue(_to) ?? []).LastOrDefault(d => d is not null);
        var from = result.Given(_from);
        string[] symbols = [.. result.GetValue(_symbols) ?? [], .. result.GetValue(_symbolWords) ?? []];
        return from > to ? (null, "--from is after --to") : (new ConvertArguments(symbols, from, to), null);
    }

    private static DateOnly? Day(ArgumentResult result, int token) =>
        DateOnly.TryParseExact(result.Tokens[token].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : Fail(result, $"--to needs 'parquet' or a date YYYY-MM-DD, not '{result.Tokens[token].Value}'");

    private static DateOnly? Fail(ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
