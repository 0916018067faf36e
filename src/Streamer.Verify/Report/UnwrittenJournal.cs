namespace Streamer.Verify.Report;

/// <summary>A source's journalled frames that the writer has not written (yet).</summary>
/// <param name="Symbol">The symbol whose files they belong to.</param>
/// <param name="Source">The source (<c>worker:BTCUSDT</c>, <c>orderbook:BTCUSDT</c>).</param>
/// <param name="Frames">Frames not in the files.</param>
/// <param name="Directory">The journal folder.</param>
internal sealed record UnwrittenJournal(string Symbol, string Source, long Frames, string Directory)
{
    public string Describe() =>
        FormattableString.Invariant($"{Symbol}: {Frames} frame(s) of {Source} were received and journalled in {Directory} but are not in the files yet; the next start of the recorder on this data directory writes them");
}
