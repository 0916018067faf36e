using System.Globalization;
using System.Text.RegularExpressions;
using Streamer.History.Dumps;

namespace Streamer.History.Cli;

/// <summary>Parses the arguments after <c>streamer history</c>. Every mistake gets a sentence saying what is allowed (exit code 2).</summary>
internal static partial class HistoryArguments
{
    public const int DefaultParallel = 4;

    public static readonly string Usage = $$"""
        usage: streamer history download [--symbols BTCUSDT,ETHUSDT] --from YYYY-MM-DD [--to YYYY-MM-DD] [options]
               streamer history fill [--symbols BTCUSDT,...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [options]

        download  fetches Binance's public dumps (data.binance.vision, USD-M futures) into the recorder's
                  files {data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv; days that have a file are skipped.
                  Monthly archives for whole past months, daily ones for the rest; every archive is checked
                  against its .CHECKSUM before anything is written.
        fill      repairs a live recording: the days and aggTrade id ranges `streamer verify` finds missing
                  are inserted from the daily dumps; recorded rows are kept as they are. Only closed days
                  (before today UTC, past storage.close_grace) are touched: the running recorder owns today's.

          --symbols A,B       symbols (download: default the configuration's; fill: every symbol folder)
          --data T,T          {{string.Join(", ", DumpType.All.Select(t => t.Name))}} (default aggTrades,klines; klines are 1m)
          --from, --to        first and last UTC day, inclusive (dumps of a day appear the day after)
          --base-url URL      dump server (default history.base_url of the configuration)
          --parallel N        archives fetched at once, 1..16 (default {{DefaultParallel}})
          --retries N         attempts after the first for one archive, 0..10 (default 3; pauses double from 1 s)

        Exit code: 0 when every requested day is present, 1 when some day could not be fetched or verified
        (named in the summary), 2 for bad usage.
        """;

    /// <summary>The request, or a message saying what is wrong. <paramref name="today"/> is the current UTC day.</summary>
    public static (HistoryRequest? Request, string? Error) Parse(IReadOnlyList<string> args, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            return (null, "say what to do: download or fill");
        }

        if (args[0] is "-h" or "--help" or "help")
        {
            return (Help, null);
        }

        var action = args[0] switch
        {
            "download" => HistoryAction.Download,
            "fill" => HistoryAction.Fill,
            _ => (HistoryAction?)null,
        };
        if (action is null)
        {
            return (null, $"unknown command \"{args[0]}\"; expected download or fill");
        }

        var request = new HistoryRequest(action.Value, [], [DumpType.AggTrades, DumpType.Klines], null, null, null, DefaultParallel, 3);
        for (var i = 1; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            if (name is "-h" or "--help")
            {
                return (Help, null);
            }

            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"unexpected argument \"{args[i]}\" (symbols go after --symbols, separated by commas)");
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                return (null, $"{name} needs a value");
            }

            var (next, error) = Apply(request, name, value);
            if (next is null)
            {
                return (null, error);
            }

            request = next;
        }

        return Check(request, today);
    }

    private static HistoryRequest Help { get; } = new(HistoryAction.Help, [], [], null, null, null, DefaultParallel, 0);

    private static (HistoryRequest? Request, string? Error) Apply(HistoryRequest request, string name, string value)
    {
        switch (name)
        {
            case "--symbols":
                var symbols = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).Distinct().ToList();
                var bad = symbols.FirstOrDefault(s => !SymbolPattern().IsMatch(s));
                return bad is not null || symbols.Count == 0
                    ? (null, $"--symbols: \"{bad ?? value}\" is not a symbol; expected letters and digits such as BTCUSDT, separated by commas")
                    : (request with { Symbols = symbols }, null);
            case "--data":
                var types = new List<DumpType>();
                foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (DumpType.Find(part) is not { } type)
                    {
                        return (null, $"--data: unknown data type \"{part}\"; allowed: {string.Join(", ", DumpType.All.Select(t => t.Name))}");
                    }

                    if (!types.Contains(type))
                    {
                        types.Add(type);
                    }
                }

                return types.Count == 0 ? (null, "--data names no data type") : (request with { Types = types }, null);
            case "--from" or "--to":
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return (null, $"{name} needs a UTC day as YYYY-MM-DD, e.g. 2026-03-01 (got \"{value}\")");
                }

                return (name == "--from" ? request with { From = day } : request with { To = day }, null);
            case "--base-url":
                return Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                    ? (request with { BaseUrl = url }, null)
                    : (null, $"--base-url: \"{value}\" is not an absolute http or https URL");
            case "--parallel":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parallel) && parallel is >= 1 and <= 16
                    ? (request with { Parallel = parallel }, null)
                    : (null, $"--parallel needs a number from 1 to 16 (got \"{value}\")");
            case "--retries":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var retries) && retries is >= 0 and <= 10
                    ? (request with { Retries = retries }, null)
                    : (null, $"--retries needs a number from 0 to 10 (got \"{value}\")");
            default:
                return (null, $"unknown option \"{name}\"");
        }
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

    private static (string Name, string? Value) Split(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    [GeneratedRegex("^[A-Z0-9]{2,30}$")]
    private static partial Regex SymbolPattern();
}
