using Streamer.Core.Streams;

namespace Streamer.Verify.Holes;

/// <summary>
/// A UTC day with no file for a stream of a symbol, between the first and the last day recorded for
/// that stream (days before the first or after the last recording are not missing: nothing was asked).
/// </summary>
/// <param name="Symbol">The symbol folder.</param>
/// <param name="Stream">The stream.</param>
/// <param name="Day">The UTC day without a file.</param>
public sealed record MissingDay(string Symbol, StreamInfo Stream, DateOnly Day);
