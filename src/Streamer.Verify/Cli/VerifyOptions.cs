using Streamer.Core.Streams;

namespace Streamer.Verify.Cli;

/// <summary>What <c>streamer verify</c> was asked to check.</summary>
/// <param name="Days">UTC days to check; empty = every recorded day.</param>
/// <param name="Symbols">Keys of the symbols to check (<c>BTCUSDT</c>, <c>binance-spot/BTCUSDT</c>); empty = every symbol folder of every exchange.</param>
/// <param name="Json">Write the report as JSON (for scripts) instead of a table.</param>
/// <param name="MissingDays">Only list the days without a file (<c>--missing-days</c>); no file is read.</param>
internal sealed record VerifyOptions(IReadOnlySet<DateOnly> Days, IReadOnlyList<string> Symbols, bool Json, bool MissingDays = false)
{
    /// <summary>Exchanges whose folders are read; null for every known one (<c>history</c> asks for the default exchange only).</summary>
    public IReadOnlyCollection<string>? Exchanges { get; init; }

    /// <summary>Streams to check; null for all. Events are read whatever it says: they explain holes.</summary>
    public IReadOnlyCollection<StreamInfo>? Streams { get; init; }

    public bool SelectsStream(StreamInfo stream) => Streams is null || Streams.Contains(stream);

    public bool Selects(DateOnly day) => Days.Count == 0 || Days.Contains(day);
}
