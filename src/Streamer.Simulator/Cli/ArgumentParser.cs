using System.Globalization;

namespace Streamer.Simulator.Cli;

/// <summary>Turns <c>streamer simulate</c> arguments into options; any mistake is one <see cref="FormatException"/> sentence.</summary>
internal static class ArgumentParser
{
    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{arg} needs a value (see --help)");
                }

                return args[++i];
            }

            options = arg switch
            {
                "--host" => options with { Host = Value() },
                "--port" => options with { Port = Int(arg, Value()) },
                "--seed" => options with { Seed = Long(arg, Value()) },
                "--symbols" => options with { Symbols = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToList() },
                "--rate" => options with { DefaultEventsPerSecond = Double(arg, Value()) },
                "--rate-for" => AddRate(options, rates, arg, Value()),
                "--clock-speed" => options with { ClockSpeed = Double(arg, Value()) },
                "--start-time" => options with { StartTime = Instant(arg, Value()) },
                "--ping-interval" => options with { PingInterval = Duration(arg, Value()) },
                "--pong-timeout" => options with { PongTimeout = Duration(arg, Value()) },
                "--lifetime" => options with { ConnectionLifetime = Duration(arg, Value()) },
                "--weight-limit" => options with { WeightLimitPerMinute = Int(arg, Value()) },
                "--ban" => options with { BanDuration = Duration(arg, Value()) },
                "--violations-before-ban" => options with { ViolationsBeforeBan = Int(arg, Value()) },
                "--truth-dir" => options with { TruthDirectory = Value() },
                "--replay" => options with { ReplayFile = Value() },
                "--replay-speed" => options with { ReplaySpeed = Double(arg, Value()) },
                "--history" => options with { AggTradeHistory = Int(arg, Value()) },
                "--kline-history" => options with { KlineHistory = Int(arg, Value()) },
                "--send-queue" => options with { SendQueueCapacity = Int(arg, Value()) },
                "--burst" => options with { BurstMultiplier = Double(arg, Value()) },
                "--burst-every" => options with { MeanTimeBetweenBursts = Duration(arg, Value()) },
                _ => throw new FormatException($"unknown option '{args[i]}' (see --help)"),
            };
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }

        return options;
    }

    private static SimulatorOptions AddRate(SimulatorOptions options, Dictionary<string, double> rates, string arg, string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"{arg} expects SYMBOL=N, e.g. {arg} BTCUSDT=500, not '{value}'");
        }

        rates[value[..equals].Trim().ToUpperInvariant()] = Double(arg, value[(equals + 1)..]);
        return options with { EventsPerSecond = new Dictionary<string, double>(rates, StringComparer.Ordinal) };
    }

    private static int Int(string arg, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{arg} expects a whole number, not '{value}'");

    private static long Long(string arg, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{arg} expects a whole number, not '{value}'");

    private static double Double(string arg, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : throw new FormatException($"{arg} expects a number, not '{value}'");

    private static TimeSpan Duration(string arg, string value) =>
        DurationParser.TryParse(value, out var d) ? d : throw new FormatException($"{arg} expects a duration like 500ms, 10s, 3m or 24h, not '{value}'");

    private static DateTimeOffset Instant(string arg, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new FormatException($"{arg} expects an ISO 8601 instant like 2026-01-01T23:59:30Z, not '{value}'");
}
