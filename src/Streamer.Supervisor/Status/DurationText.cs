using System.Globalization;

namespace Streamer.Supervisor.Status;

/// <summary>Short human durations for logs and tables: <c>850ms</c>, <c>4.2s</c>, <c>3m 5s</c>, <c>2h 10m</c>, <c>3d 4h</c>.</summary>
public static class DurationText
{
    /// <summary>Formats <paramref name="value"/> (negative values as 0).</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            value = TimeSpan.Zero;
        }

        var c = CultureInfo.InvariantCulture;
        return value switch
        {
            _ when value.TotalSeconds < 1 => string.Create(c, $"{(int)value.TotalMilliseconds}ms"),
            _ when value.TotalSeconds < 10 => string.Create(c, $"{value.TotalSeconds:0.#}s"),
            _ when value.TotalMinutes < 1 => string.Create(c, $"{(int)value.TotalSeconds}s"),
            _ when value.TotalHours < 1 => string.Create(c, $"{value.Minutes}m {value.Seconds}s"),
            _ when value.TotalDays < 1 => string.Create(c, $"{value.Hours}h {value.Minutes}m"),
            _ => string.Create(c, $"{(int)value.TotalDays}d {value.Hours}h"),
        };
    }
}
