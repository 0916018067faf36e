namespace Streamer.Verify.Report;

/// <summary>A row (aggtrade, kline) or depth update whose id was already seen: repeated or out of order.</summary>
/// <param name="Id">The repeated id (for depth: the update's final id <c>u</c>).</param>
/// <param name="HighestBefore">Highest id seen before it.</param>
/// <param name="At">Where it is.</param>
internal sealed record Duplicate(long Id, long HighestBefore, FileLine At);
