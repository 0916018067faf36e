using System.Buffers;
using System.Globalization;
using System.Text;

namespace Streamer.Writer.Durability;

/// <summary>
/// What the writer had durably handed to the OS at one instant: per source the last sequence written,
/// per registered file its length, and compressions being committed. Acknowledgements are only sent
/// after a checkpoint that covers them is in place, so after a crash the files are cut back to these
/// lengths and clients resend everything above these sequences: exactly once.
/// </summary>
/// <remarks>
/// Text format, one record per line, fields separated by a tab (sources and symbols never hold one):
/// <code>
/// streamer-writer-checkpoint 1
/// boot        {kernel boot id}              tells a writer crash (clients resend) from a machine restart
/// source      {sequence}  {source name}
/// file        {length}    {path relative to data_dir, '/' separated}
/// compressed  {csv path}  {temp path}  {target path}   the temp file is complete: finishing means rename it
///                                                     to the target (.csv.gz, .csv.zst or a .parquet part) + delete csv
/// end         {FNV-1a 64 of all bytes before this line, hex}
/// </code>
/// </remarks>
internal sealed record Checkpoint(
    string BootId,
    IReadOnlyDictionary<string, ulong> Sources,
    IReadOnlyDictionary<string, long> Files,
    IReadOnlyList<CompressionCommit> Compressions)
{
    private const string Magic = "streamer-writer-checkpoint 1";

    /// <summary>A checkpoint with no state.</summary>
    public static Checkpoint Empty(string bootId) =>
        new(bootId, new Dictionary<string, ulong>(), new Dictionary<string, long>(), []);

    public byte[] Serialize()
    {
        var output = new ArrayBufferWriter<byte>(64 + (Sources.Count + Files.Count) * 48);
        WriteTo(output, []);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Appends the serialized checkpoint to <paramref name="output"/>. With a reused writer and
    /// <paramref name="sortScratch"/> (names are sorted so the file reads and diffs the same way every
    /// time) this allocates nothing, which matters because the engine writes a checkpoint at every flush.
    /// </summary>
    public void WriteTo(ArrayBufferWriter<byte> output, List<string> sortScratch)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sortScratch);
        var start = output.WrittenCount;
        Text(output, Magic);
        Text(output, "\nboot\t");
        Text(output, BootId);
        Text(output, "\n");
        SortedKeys(Sources.Keys, sortScratch);
        foreach (var name in sortScratch)
        {
            Text(output, "source\t");
            Number(output, Sources[name]);
            Text(output, "\t");
            Text(output, name);
            Text(output, "\n");
        }

        SortedKeys(Files.Keys, sortScratch);
        foreach (var path in sortScratch)
        {
            Text(output, "file\t");
            Number(output, (ulong)Files[path]);
            Text(output, "\t");
            Text(output, path);
            Text(output, "\n");
        }

        for (var i = 0; i < Compressions.Count; i++)
        {
            Text(output, "compressed\t");
            Text(output, Compressions[i].CsvRelativePath);
            Text(output, "\t");
            Text(output, Compressions[i].TempRelativePath);
            Text(output, "\t");
            Text(output, Compressions[i].TargetRelativePath);
            Text(output, "\n");
        }

        var hash = Fnv1a64(output.WrittenSpan[start..]);
        Text(output, "end\t");
        var span = output.GetSpan(16);
        hash.TryFormat(span, out var written, "x16", CultureInfo.InvariantCulture);
        output.Advance(written);
        Text(output, "\n");
    }

    private static readonly Comparison<string> OrdinalOrder = string.CompareOrdinal;

    private static void SortedKeys(IEnumerable<string> keys, List<string> sorted)
    {
        sorted.Clear();
        sorted.AddRange(keys);
        sorted.Sort(OrdinalOrder); // A Comparison: Sort(IComparer) would allocate a delegate per call.
    }

    private static void Text(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void Number(ArrayBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>Parses a checkpoint; null when the bytes are not a complete, intact checkpoint.</summary>
    public static Checkpoint? TryParse(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var endAt = text.LastIndexOf("end\t", StringComparison.Ordinal);
        if (endAt < 0 || !text.StartsWith(Magic + "\n", StringComparison.Ordinal) || (endAt > 0 && text[endAt - 1] != '\n'))
        {
            return null;
        }

        var body = Encoding.UTF8.GetBytes(text[..endAt]);
        var hashText = text[(endAt + 4)..].TrimEnd('\n');
        if (!ulong.TryParse(hashText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash) || hash != Fnv1a64(body))
        {
            return null;
        }

        var boot = "";
        var sources = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        var compressions = new List<CompressionCommit>();
        foreach (var line in text[..endAt].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            // At most 4 fields; the last one (a source name or path) is taken whole.
            var f = line.Split('\t', 4);
            switch (f[0])
            {
                case "boot" when f.Length >= 2:
                    boot = f[1];
                    break;
                case "source" when f.Length == 3 && ulong.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq):
                    sources[f[2]] = seq;
                    break;
                case "file" when f.Length == 3 && long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length):
                    files[f[2]] = length;
                    break;
                case "compressed" when f.Length == 3: // Before issue 16: always gzip next to the csv.
                    compressions.Add(new CompressionCommit(f[1], f[2], f[1] + ".gz"));
                    break;
                case "compressed" when f.Length == 4:
                    compressions.Add(new CompressionCommit(f[1], f[2], f[3]));
                    break;
                default:
                    return null; // Intact hash but unknown content: written by a different version; refuse to guess.
            }
        }

        return new Checkpoint(boot, sources, files, compressions);
    }

    private static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}

/// <summary>A closed csv whose compressed or sealed temporary file is complete and only needs to be put in place.</summary>
/// <param name="CsvRelativePath">The .csv being replaced.</param>
/// <param name="TempRelativePath">The finished temporary file.</param>
/// <param name="TargetRelativePath">What it is renamed to: <c>{csv}.gz</c>, <c>{csv}.zst</c> or a Parquet part.</param>
internal readonly record struct CompressionCommit(string CsvRelativePath, string TempRelativePath, string TargetRelativePath);
