using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Streamer.Core.Cli;
using Streamer.History.Dumps;

namespace Streamer.History.Cli;

/// <summary>
/// The <c>history</c> command and its <c>download</c> and <c>fill</c> commands. <c>streamer</c> mounts <see cref="Command"/>;
/// <see cref="HistoryCommand"/> parses the words after <c>history</c> with the same definitions. Every mistake is a sentence
/// saying what is allowed (exit code 2).
/// </summary>
public sealed partial class HistoryCli
{
    public const int DefaultParallel = 4;
    private const int DefaultRetries = 3;

    private readonly ActionOptions _download = new(fromDescription: "first UTC day, inclusive (required; dumps of a day appear the day after)",
        toDescription: "last UTC day, inclusive (default: yesterday)", symbolsDescription: "symbols (default: the configuration's enabled ones)");

    private readonly ActionOptions _fill = new(fromDescription: "first UTC day to repair, inclusive", toDescription: "last UTC day to repair, inclusive",
        symbolsDescription: "symbols (default: every symbol folder)");

    public HistoryCli()
    {
        var download = _download.AddTo(new Command("download",
            "fetch Binance's public dumps (data.binance.vision, USD-M futures) into the recorder's files; days that have a file are skipped"));
        var fill = _fill.AddTo(new Command("fill",
            "insert what the recording misses (the days and aggTrade id ranges `streamer verify` finds) from the daily dumps"));
        Command = new Command("history", "Binance's public dumps into the recorded files: download or fill") { download, fill };
    }

    /// <summary>The <c>history</c> command.</summary>
    public Command Command { get; }

    /// <summary>Printed after the help of <c>history</c>, <c>history download</c> and <c>history fill</c>.</summary>
    public static string Notes { get; } = """
        download  files {data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv; monthly archives for whole past months, daily
                  ones for the rest; every archive is checked against its .CHECKSUM before anything is written.
        fill      repairs a live recording: recorded rows are kept as they are. Only closed days (before today UTC, past
                  storage.close_grace) are touched: the running recorder owns today's.

        Exit code: 0 when every requested day is present, 1 when some day could not be fetched or verified (named in the
        summary), 2 for bad usage.

        """;

    /// <summary>The request of a parse without errors, with the rules that need today's date checked; or the problem.</summary>
    internal (HistoryRequest? Request, string? Error) Read(ParseResult result, DateOnly today)
    {
        var (action, options) = result.CommandResult.Command.Name == "fill" ? (HistoryAction.Fill, _fill) : (HistoryAction.Download, _download);
        var request = new HistoryRequest(
            action,
            result.GetValue(options.Symbols) ?? [],
            result.GetValue(options.Data) ?? [DumpType.AggTrades, DumpType.Klines],
            result.Given(options.From),
            result.Given(options.To),
            result.GetValue(options.BaseUrl),
            result.Given(options.Parallel) ?? DefaultParallel,
            result.Given(options.Retries) ?? DefaultRetries);
        return Check(request, today);
    }

    private static (HistoryRequest? Request, string? Error) Check(HistoryRequest request, DateOnly today)
    {
        var yesterday = today.AddDays(-1);
        if (request.Action == HistoryAction.Download)
        {
            if (request.From is null)
            {
                return (null, "download needs --from YYYY-MM-DD (the first UTC day to fetch)");
            }

            request = request with { To = request.To ?? yesterday };
            if (request.To > yesterday)
            {
                return (null, $"--to {Day(request.To.Value)}: Binance publishes a day's dump the day after; the last day there can be is {Day(yesterday)}");
            }
        }

        if (request.From is { } from && request.To is { } to && from > to)
        {
            return (null, $"--from {Day(from)} is after --to {Day(to)}");
        }

        return (request, null);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z0-9]{2,30}$")]
    private static partial Regex SymbolPattern();

    /// <summary>The options of one of download and fill (each command has its own instances).</summary>
    private sealed class ActionOptions(string fromDescription, string toDescription, string symbolsDescription)
    {
        public Option<IReadOnlyList<string>> Symbols { get; } = new("--symbols") { HelpName = "A,B", Description = symbolsDescription, CustomParser = ParseSymbols };

        public Option<IReadOnlyList<DumpType>> Data { get; } = new("--data")
        {
            HelpName = "T,T",
            Description = $"{string.Join(", ", DumpType.All.Select(t => t.Name))} (default aggTrades,klines; klines are 1m)",
            CustomParser = ParseTypes,
        };

        public Option<DateOnly> From { get; } = new("--from") { HelpName = "YYYY-MM-DD", Description = fromDescription, CustomParser = r => ToolCommandLine.Day(r, "--from") };

        public Option<DateOnly> To { get; } = new("--to") { HelpName = "YYYY-MM-DD", Description = toDescription, CustomParser = r => ToolCommandLine.Day(r, "--to") };

        public Option<Uri> BaseUrl { get; } = new("--base-url")
        {
            HelpName = "URL",
            Description = "dump server (default: history.base_url of the configuration)",
            CustomParser = r => Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : Fail<Uri>(r, $"--base-url: \"{r.Tokens[0].Value}\" is not an absolute http or https URL"),
        };

        public Option<int> Parallel { get; } = new("--parallel")
        {
            HelpName = "N",
            Description = $"archives fetched at once, 1..16 (default {DefaultParallel})",
            CustomParser = r => Number(r, "--parallel", 1, 16),
        };

        public Option<int> Retries { get; } = new("--retries")
        {
            HelpName = "N",
            Description = $"attempts after the first for one archive, 0..10 (default {DefaultRetries}; pauses double from 1 s)",
            CustomParser = r => Number(r, "--retries", 0, 10),
        };

        public Command AddTo(Command command)
        {
            foreach (var option in new Option[] { Symbols, Data, From, To, BaseUrl, Parallel, Retries })
            {
                command.Add(option);
            }

            return command;
        }

        private static List<string> ParseSymbols(ArgumentResult r)
        {
            var value = r.Tokens[0].Value;
            var symbols = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).Distinct().ToList();
            var bad = symbols.FirstOrDefault(s => !SymbolPattern().IsMatch(s));
            if (bad is not null || symbols.Count == 0)
            {
                r.AddError($"--symbols: \"{bad ?? value}\" is not a symbol; expected letters and digits such as BTCUSDT, separated by commas");
            }

            return symbols;
        }

        private static List<DumpType> ParseTypes(ArgumentResult r)
        {
            var types = new List<DumpType>();
            foreach (var part in r.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (DumpType.Find(part) is not { } type)
                {
                    r.AddError($"--data: unknown data type \"{part}\"; allowed: {string.Join(", ", DumpType.All.Select(t => t.Name))}");
                    return types;
                }

                if (!types.Contains(type))
                {
                    types.Add(type);
                }
            }

            if (types.Count == 0)
            {
                r.AddError("--data names no data type");
            }

            return types;
        }

        private static int Number(ArgumentResult r, string name, int min, int max) =>
            int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : Fail<int>(r, $"{name} needs a number from {min} to {max} (got \"{r.Tokens[0].Value}\")");

        private static T Fail<T>(ArgumentResult r, string message)
        {
            r.AddError(message);
            return default!;
        }
    }
}
