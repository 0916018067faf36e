using System.Globalization;

namespace Streamer.Binance.Rest;

/// <summary>
/// The shared REST budget as stored in the state file, one line of integers:
/// <c>window used server_used retry_until_ms ban_until_ms</c>.
/// <c>window</c> is the index of the current weight window (unix ms / window length); <c>used</c> the weight
/// reserved in it by all our processes; <c>server_used</c> the highest X-MBX-USED-WEIGHT-1M seen in it;
/// the two times block every request until they pass (429 Retry-After, 418 ban).
/// </summary>
internal readonly record struct RestWeightState(long Window, int Used, int ServerUsed, long RetryUntilMs, long BanUntilMs)
{
    public static RestWeightState Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 5
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var window)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var used)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var server)
            || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retry)
            || !long.TryParse(parts[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ban))
        {
            // A new or damaged file: start from nothing (the server header soon corrects the count).
            return default;
        }

        return new RestWeightState(window, used, server, retry, ban);
    }

    public string Format() => FormattableString.Invariant($"{Window} {Used} {ServerUsed} {RetryUntilMs} {BanUntilMs}\n");

    /// <summary>The same state in <paramref name="window"/>: counts restart when the window changed.</summary>
    public RestWeightState In(long window) => window == Window ? this : this with { Window = window, Used = 0, ServerUsed = 0 };

    /// <summary>Weight known to be used in the window, by us or by anyone on this IP.</summary>
    public int Effective => Math.Max(Used, ServerUsed);
}
