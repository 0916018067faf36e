using System.CommandLine;
using System.Globalization;

namespace Streamer.Simulator.Cli;

/// <summary>
/// Options whose bad value is one sentence naming the option and what it expects (System.CommandLine's own
/// message names the CLR type, e.g. System.Int32, which means nothing to a user).
/// </summary>
internal static class ValueOption
{
    public delegate bool TryParse<T>(string text, out T value);

    /// <summary>An option of one value read by <paramref name="parse"/>; otherwise "NAME expects EXPECTATION, not 'text'".</summary>
    public static Option<T> Create<T>(string name, string helpName, string description, TryParse<T> parse, string expectation) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (parse(text, out var value))
                {
                    return value;
                }

                result.AddError($"{name} expects {expectation}, not '{text}'");
                return default!;
            },
        };

    public static Option<int> Int(string name, string helpName, string description) =>
        Create<int>(name, helpName, description, (string t, out int v) => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), "a whole number");

    public static Option<long> Long(string name, string helpName, string description) =>
        Create<long>(name, helpName, description, (string t, out long v) => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), "a whole number");

    public static Option<double> Double(string name, string helpName, string description) =>
        Create<double>(name, helpName, description, TryDouble, "a number");

    public static Option<TimeSpan> Duration(string name, string description) =>
        Create<TimeSpan>(name, "DURATION", description, DurationParser.TryParse, "a duration like 500ms, 10s, 3m or 24h");

    public static Option<DateTimeOffset> Instant(string name, string description) =>
        Create<DateTimeOffset>(name, "INSTANT", description,
            (string t, out DateTimeOffset v) => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out v),
            "an ISO 8601 instant like 2026-01-01T23:59:30Z");

    public static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
