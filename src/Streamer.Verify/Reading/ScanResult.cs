namespace Streamer.Verify.Reading;

/// <summary>How reading a file ended.</summary>
/// <param name="Lines">Complete lines handed to the sink (including discarded over-long ones).</param>
/// <param name="TornBytes">Bytes after the last newline: a last line that was never finished.</param>
/// <param name="OverlongLines">Lines longer than the read buffer, skipped without being parsed.</param>
/// <param name="FirstOverlongLine">Line number of the first of those (0 when none).</param>
internal readonly record struct ScanResult(long Lines, int TornBytes, long OverlongLines, long FirstOverlongLine);
