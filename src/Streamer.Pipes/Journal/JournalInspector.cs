using System.Buffers;
using System.Globalization;
using Streamer.Pipes.Framing;

namespace Streamer.Pipes.Journal;

/// <summary>What one journal folder holds, read without taking it over (its owner may be appending).</summary>
/// <param name="Directory">The folder.</param>
/// <param name="Source">The source it belongs to (<c>worker:BTCUSDT</c>), or null when it was never opened.</param>
/// <param name="Symbol">The symbol of that source.</param>
/// <param name="FirstLocal">First frame number held (0 when empty).</param>
/// <param name="LastLocal">Last frame number held (0 when empty).</param>
/// <param name="Bytes">Bytes of its segments.</param>
/// <param name="Base">Wire sequence of frame 0 (null: nothing of it was ever sent).</param>
/// <param name="LastExchangeTimeMs">Exchange time of the newest frame held (0 when empty).</param>
public sealed record JournalSummary(string Directory, string? Source, string Symbol, long FirstLocal, long LastLocal, long Bytes, ulong? Base, long LastExchangeTimeMs)
{
    /// <summary>Frames held (some may be written already; the writer's checkpoint tells).</summary>
    public long Frames => LastLocal >= FirstLocal && LastLocal > 0 ? LastLocal - FirstLocal + 1 : 0;

    /// <summary>
    /// Frames the writer does not have, given the sequence <paramref name="written"/> it has durably written for the
    /// source (its checkpoint; null when unknown: then every frame counts).
    /// </summary>
    public long Unwritten(ulong? written)
    {
        if (Frames == 0 || Base is not { } b || written is not { } w)
        {
            return Frames;
        }

        var writtenLocal = (long)unchecked(w - b);
        return Math.Clamp(LastLocal - Math.Max(writtenLocal, FirstLocal - 1), 0, Frames);
    }
}

/// <summary>Reads journal folders for status and <c>streamer verify</c>, without locks and without changing anything.</summary>
public static class JournalInspector
{
    /// <summary>The source recorded in a journal folder, or null when it has none or it is unreadable.</summary>
    public static Hello? ReadIdentity(string directory)
    {
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, FrameJournal.IdentityFile));
            return Hello.Decode(new ReadOnlySequence<byte>(bytes));
        }
        catch (Exception e) when (e is IOException or FrameFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the folder holds any segment (cheap; no lock, no reading).</summary>
    public static bool HasSegments(string directory) =>
        System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFiles(directory, "*" + JournalSegment.Extension).Any();

    /// <summary>Every journal under <paramref name="dataDir"/> that holds frames.</summary>
    public static IReadOnlyList<JournalSummary> InspectAll(string dataDir) =>
        [.. JournalPaths.All(dataDir).Where(HasSegments).Select(Inspect)];

    /// <summary>Reads one journal folder: its complete records, checked but not repaired.</summary>
    public static JournalSummary Inspect(string directory)
    {
        var identity = ReadIdentity(directory);
        long first = 0, last = 0, bytes = 0, lastTime = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*" + JournalSegment.Extension).Order(StringComparer.Ordinal))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var segmentFirst)
                || (last != 0 && segmentFirst != last + 1))
            {
                break;
            }

            try
            {
                using var segment = JournalSegment.Recover(file, segmentFirst, (_, _, time, _, _) => lastTime = Math.Max(lastTime, time), out _, repair: false);
                if (segment is null)
                {
                    continue;
                }

                first = first == 0 ? segment.FirstLocal : first;
                last = segment.LastLocal;
                bytes += segment.Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                break; // Deleted by its owner meanwhile (acknowledged): nothing more to count.
            }
        }

        return new JournalSummary(directory, identity?.Source, identity?.Symbol ?? "", first, last, bytes, FrameJournal.ReadBase(directory), lastTime);
    }
}
