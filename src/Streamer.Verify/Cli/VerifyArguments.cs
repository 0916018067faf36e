using System.Globalization;

namespace Streamer.Verify.Cli;

/// <summary>Parses the arguments after <c>streamer verify</c>.</summary>
internal static class VerifyArguments
{
    public const string Usage = """
        usage: streamer verify [--date YYYY-MM-DD]... [--json] [--missing-days] [SYMBOL...]

        Checks the recorded files ({data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv and .csv.gz)
        and reports, per symbol, stream and UTC day: rows, time span, aggtrade id gaps (and whether the
        events file reports them), duplicate ids, depth chain breaks (and whether a snapshot resynced
        them), events by kind, and malformed or torn files.

          --date YYYY-MM-DD   check only this UTC day (repeatable); continuity with the day before is still checked
          --json              print a JSON report instead of the table
          --missing-days      only list, per symbol and stream, the days without a file between the first
                              and the last recorded day (exit 1 when there is one)
          SYMBOL...           check only these symbols (default: every symbol folder)

        Exit code: 0 when everything checked is clean, 1 when problems were found, 2 for bad usage.
        """;

    /// <summary>The options, or a message saying what is wrong with the arguments.</summary>
    public static (VerifyOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var days = new HashSet<DateOnly>();
        var symbols = new List<string>();
        var json = false;
        var help = false;
        var missingDays = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            if (arg.StartsWith("--date=", StringComparison.Ordinal))
            {
                value = arg["--date=".Length..];
                arg = "--date";
            }

            switch (arg)
            {
                case "--date":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            return (null, "--date needs a UTC day, e.g. --date 2026-05-01");
                        }

                        value = args[++i];
                    }

                    if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        return (null, $"--date needs a UTC day as YYYY-MM-DD, e.g. --date 2026-05-01 (got \"{value}\")");
                    }

                    days.Add(day);
                    break;
                case "--json":
                    json = true;
                    break;
                case "--missing-days":
                    missingDays = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        return (null, $"unknown option \"{arg}\"");
                    }

                    if (!IsSymbol(arg))
                    {
                        return (null, $"\"{arg}\" is not a symbol (letters, digits, '_' or '-', e.g. BTCUSDT)");
                    }

                    var symbol = arg.ToUpperInvariant();
                    if (!symbols.Contains(symbol))
                    {
                        symbols.Add(symbol);
                    }

                    break;
            }
        }

        return (new VerifyOptions(days, symbols, json, help, missingDays), null);
    }

    private static bool IsSymbol(string text) =>
        text.Length is > 0 and <= 40 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
