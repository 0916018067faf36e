using Streamer.Core.Streams;

namespace Streamer.Verify.Cli;

/// <summary>What <c>streamer verify</c> was asked to check.</summary>
/// <param name="Days">UTC days to check; empty = every recorded day.</param>
/// <param name="Symbols">Symbols to check; empty = every symbol folder in the data directory.</param>
/// <param name="Json">Write the report as JSON (for scripts) instead of a table.</param>
/// <param name="MissingDays">Only list the days without a file (<c>--missing-days</c>); no file is read.</param>
internal sealed record VerifyOptions(IReadOnlySet<DateOnly> Days, IReadOnlyList<string> Symbols, bool Json, bool MissingDays = false)
{
    /// <summary>Streams to check; null for all. Events are read whatever it says: they explain holes.</summary>
    public IReadOnlyCollection<StreamInfo>? Streams { get; init; }

    public bool SelectsStream(StreamInfo stream) => Streams is null || Streams.Contains(stream);

    public bool Selects(DateOnly day) => Days.Count == 0 || Days.Contains(day);
}
