using System.CommandLine;
using Streamer.Core.Cli;
using Streamer.Core.Exchanges;

namespace Streamer.Verify.Cli;

/// <summary>
/// The <c>verify</c> command: <c>[--date YYYY-MM-DD]... [--json] [--missing-days] [SYMBOL | EXCHANGE/SYMBOL...]</c>
/// (a symbol's key, <see cref="ExchangePaths.Key"/>: <c>BTCUSDT</c> is USD-M's, <c>binance-spot/BTCUSDT</c> spot's). <c>streamer</c> mounts
/// <see cref="Command"/>; <see cref="VerifyCommand"/> parses the words after <c>verify</c> with the same definitions.
/// </summary>
public sealed class VerifyCli
{
    private readonly Option<DateOnly[]> _dates = new("--date")
    {
        HelpName = "YYYY-MM-DD",
        Description = "check only this UTC day (repeatable); continuity with the day before is still checked",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = r => [.. r.Tokens.Select((_, i) => ToolCommandLine.Day(r, "--date", i))],
    };

    private readonly Option<bool> _json = new("--json") { Description = "print a JSON report instead of the table" };

    private readonly Option<bool> _missingDays = new("--missing-days")
    {
        Description = "only list, per symbol and stream, the days without a file between the first and the last recorded day (exit 1 when there is one)",
    };

    private readonly Argument<string[]> _symbols = new("SYMBOL")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = "check only these symbols: SYMBOL for Binance USD-M, EXCHANGE/SYMBOL for another market (binance-spot/BTCUSDT, binance-cm/BTCUSD_PERP); default: every symbol folder of every exchange",
    };

    public VerifyCli()
    {
        _symbols.Validators.Add(r =>
        {
            // A word that looks like an option but is none reaches the SYMBOL argument: say what it is.
            if (r.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } option)
            {
                r.AddError($"unknown option '{option.Value}'");
            }
            else if (r.Tokens.FirstOrDefault(t => !IsKey(t.Value)) is { } bad)
            {
                r.AddError(bad.Value.Contains('/', StringComparison.Ordinal) && !ExchangeIds.IsKnown(bad.Value[..bad.Value.IndexOf('/', StringComparison.Ordinal)].ToLowerInvariant())
                    ? $"\"{bad.Value}\" names no known exchange (EXCHANGE/SYMBOL with EXCHANGE one of {string.Join(", ", ExchangeIds.Known)})"
                    : $"\"{bad.Value}\" is not a symbol (letters, digits, '_' or '-', e.g. BTCUSDT, or EXCHANGE/SYMBOL, e.g. binance-spot/BTCUSDT)");
            }
        });
        Command = new Command("verify", "check recorded files for gaps, duplicates and damage (exit 1: problems found)") { _dates, _json, _missingDays, _symbols };
    }

    /// <summary>The <c>verify</c> command.</summary>
    public Command Command { get; }

    /// <summary>Printed after the options by <c>verify --help</c>.</summary>
    public static string Notes { get; } = """
        Checks the recorded files ({data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv, .csv.gz, .csv.zst and Parquet parts;
        {data_dir}/{exchange}/{SYMBOL}/... for binance-cm and binance-spot) and reports, per symbol (BTCUSDT for USD-M,
        binance-spot/BTCUSDT for another market), stream and UTC day: rows, time span, aggtrade id gaps (and whether the events file reports
        them), duplicate ids, depth chain breaks (and whether a snapshot resynced them), events by kind, and malformed or
        torn files.

        Exit code: 0 when everything checked is clean, 1 when problems were found, 2 for bad usage.

        """;

    internal VerifyOptions Read(ParseResult result) =>
        new(
            (result.GetValue(_dates) ?? []).ToHashSet(),
            [.. (result.GetValue(_symbols) ?? []).Select(Normalize).Distinct(StringComparer.Ordinal)],
            result.GetValue(_json),
            result.GetValue(_missingDays));

    private static bool IsSymbol(string text) =>
        text.Length is > 0 and <= 40 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>A bare symbol, or EXCHANGE/SYMBOL with a known exchange (any case).</summary>
    private static bool IsKey(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? IsSymbol(text) : ExchangeIds.IsKnown(text[..slash].ToLowerInvariant()) && IsSymbol(text[(slash + 1)..]);
    }

    /// <summary>The key as the files name it: symbol upper case, exchange lower case, none for the default exchange (<c>binance-um/btcusdt</c> is <c>BTCUSDT</c>).</summary>
    private static string Normalize(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? text.ToUpperInvariant()
            : ExchangePaths.Key(text[..slash].ToLowerInvariant(), text[(slash + 1)..].ToUpperInvariant());
    }
}
