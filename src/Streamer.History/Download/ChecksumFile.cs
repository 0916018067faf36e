using System.Globalization;

namespace Streamer.History.Download;

/// <summary>
/// Binance's <c>.CHECKSUM</c> files: one line <c>&lt;sha256 hex&gt;  &lt;file name&gt;</c>, as written by
/// <c>sha256sum</c>. The tests publish their own with <see cref="Format"/>.
/// </summary>
internal static class ChecksumFile
{
    /// <summary>The line for <paramref name="sha256"/> of <paramref name="fileName"/>, with its newline.</summary>
    public static string Format(ReadOnlySpan<byte> sha256, string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(sha256)}  {fileName}\n");

    /// <summary>The lower-case hex digest for <paramref name="fileName"/>, or null when the text is not such a line.</summary>
    public static string? Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0].Length != 64 || !parts[0].All(char.IsAsciiHexDigit))
        {
            return null;
        }

        // sha256sum marks binary mode with a '*' before the name.
        if (parts.Length == 2 && !string.Equals(parts[1].TrimStart('*'), fileName, StringComparison.Ordinal))
        {
            return null;
        }

        return parts[0].ToLowerInvariant();
    }
}
