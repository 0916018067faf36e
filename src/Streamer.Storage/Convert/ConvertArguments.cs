using System.Globalization;

namespace Streamer.Storage.Convert;

/// <summary>
/// <c>streamer convert --to parquet [--symbols A,B] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [SYMBOL...]</c>. <c>--to</c>
/// is the target format when its value is a format name and the last day when it is a date, as in the spelling.
/// </summary>
public sealed record ConvertArguments(IReadOnlyList<string> Symbols, DateOnly? From, DateOnly? To)
{
    public const string Usage = """
        usage: streamer convert --to parquet [--symbols BTCUSDT,ETHUSDT] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [SYMBOL...]

        Converts closed CSV days (.csv, .csv.gz, .csv.zst of days before today, UTC) under storage.data_dir into Parquet
        parts in the configured storage.layout, checks that the part holds as many rows as the CSV, then replaces the
        CSV. Stop the recorder first: convert refuses (exit 1, naming its pid) while a recorder owns the data directory,
        and leaves files that the writer's checkpoint still lists to the recorder's next start.
        """;

    /// <summary>Parses the arguments; a non-null problem means bad usage.</summary>
    public static (ConvertArguments? Arguments, string? Problem) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var symbols = new List<string>();
        DateOnly? from = null, to = null;
        var format = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (a)
            {
                case "--to":
                    var target = Value();
                    if (target == "parquet")
                    {
                        format = true;
                    }
                    else if (TryDay(target, out var day))
                    {
                        to = day;
                    }
                    else
                    {
                        return (null, $"--to needs 'parquet' or a date YYYY-MM-DD, not '{target}'");
                    }

                    break;
                case "--from":
                    if (!TryDay(Value(), out var start))
                    {
                        return (null, "--from needs a date YYYY-MM-DD");
                    }

                    from = start;
                    break;
                case "--symbols":
                    symbols.AddRange((Value() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    if (a.StartsWith('-'))
                    {
                        return (null, $"unknown option '{a}'");
                    }

                    symbols.Add(a);
                    break;
            }
        }

        if (!format)
        {
            return (null, "say what to convert to: --to parquet (the only target)");
        }

        return from > to ? (null, "--from is after --to") : (new ConvertArguments(symbols, from, to), null);
    }

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
