using System.Globalization;

namespace Streamer.Verify.Report;

/// <summary>A place in a data file, for the user to look at. Line numbers start at 1 (the header).</summary>
/// <param name="File">Path relative to the data directory, e.g. <c>BTCUSDT/aggtrade_BTCUSDT_20260501.csv</c>.</param>
/// <param name="Line">Line number, or <see cref="Unknown"/> when only the file's tail was read.</param>
internal readonly record struct FileLine(string File, long Line)
{
    /// <summary>Line number of a row found by reading only the end of a file.</summary>
    public const long Unknown = -1;

    public override string ToString() => Line == Unknown
        ? string.Create(CultureInfo.InvariantCulture, $"{File} (end)")
        : string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");
}
