namespace Streamer.Verify.Checks;

/// <summary>An events row of kind gap or backfill: the recorder's own account of ids it lost or fetched back.</summary>
/// <param name="Kind"><c>gap</c> or <c>backfill</c>.</param>
/// <param name="From">First id, when the row names one.</param>
/// <param name="To">Last id, when known (a gap whose end was unknown has none).</param>
/// <param name="LocalTimeMs">When the recorder wrote the row.</param>
/// <param name="Detail">The row's free text.</param>
internal sealed record CoverageEntry(string Kind, long? From, long? To, long LocalTimeMs, string Detail);
