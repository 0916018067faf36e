using Streamer.Binance.Parsing;

namespace Streamer.Worker.Continuity;

/// <summary>One page of a REST backfill.</summary>
/// <param name="Rows">The rows, ascending ids.</param>
/// <param name="ReachedPresent">The exchange had nothing more at the time of the request (the page was not full).</param>
internal sealed record RestPage(RestRows Rows, bool ReachedPresent);
