using System.Globalization;

namespace Streamer.Simulator.Cli;

/// <summary>Durations as people type them: <c>500ms</c>, <c>10s</c>, <c>3m</c>, <c>24h</c>, <c>2d</c> (a bare number is seconds).</summary>
internal static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], "ms")
            : text.Length > 0 && char.IsAsciiLetter(text[^1]) ? (text[..^1], text[^1..])
            : (text, "s");
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            return false;
        }

        try
        {
            duration = unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                "d" => TimeSpan.FromDays(value),
                _ => TimeSpan.MinValue,
            };
        }
        catch (OverflowException)
        {
            return false;
        }

        return duration != TimeSpan.MinValue;
    }
}
