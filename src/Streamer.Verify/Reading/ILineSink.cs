namespace Streamer.Verify.Reading;

/// <summary>Receives the complete lines of a file, in order, without their line terminator.</summary>
internal interface ILineSink
{
    /// <param name="line">The line's bytes; only valid during the call.</param>
    /// <param name="lineNumber">1-based line number within the part of the file that was read.</param>
    void Line(ReadOnlySpan<byte> line, long lineNumber);
}
