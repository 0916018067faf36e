using System.Globalization;

namespace Streamer.Core.Configuration;

/// <summary>Durations as users write them: <c>250ms</c>, <c>10s</c>, <c>5m</c>, <c>24h</c>, <c>7d</c>.</summary>
public static class Durations
{
    /// <summary>Shown in error messages.</summary>
    public const string Examples = "a number with a unit: 250ms, 10s, 5m, 24h, 7d";

    /// <summary>Parses a duration; false when it is not one.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        var unitStart = 0;
        while (unitStart < t.Length && (char.IsAsciiDigit(t[unitStart]) || t[unitStart] == '.'))
        {
            unitStart++;
        }

        if (unitStart == 0 || !double.TryParse(t.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        double? ms = t[unitStart..] switch
        {
            "ms" => n,
            "s" => n * 1000,
            "m" => n * 60_000,
            "h" => n * 3_600_000,
            "d" => n * 86_400_000,
            _ => null,
        };
        if (ms is null || ms > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }

    /// <summary>Formats a duration the way <see cref="TryParse"/> reads it.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        return ms switch
        {
            _ when ms % 86_400_000 == 0 && ms != 0 => FormattableString.Invariant($"{ms / 86_400_000}d"),
            _ when ms % 3_600_000 == 0 && ms != 0 => FormattableString.Invariant($"{ms / 3_600_000}h"),
            _ when ms % 60_000 == 0 && ms != 0 => FormattableString.Invariant($"{ms / 60_000}m"),
            _ when ms % 1000 == 0 && ms != 0 => FormattableString.Invariant($"{ms / 1000}s"),
            _ => FormattableString.Invariant($"{ms}ms"),
        };
    }
}
