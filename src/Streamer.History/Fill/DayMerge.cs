using System.Globalization;
using System.IO.Compression;
using Streamer.History.Dumps;
using Streamer.History.Output;

namespace Streamer.History.Fill;

/// <summary>
/// Inserts dump rows into one recorded day without touching what is there: every recorded row is
/// copied as it is (the live rows carry event_time and local_time_us, which a dump row lacks), a dump
/// row is inserted only when its id is in a missing range and not in the file already, and it goes
/// before the first recorded row with a higher id, so the file stays in id order. The result replaces
/// the day atomically; a file that changes meanwhile (the writer appending to it after all) is left alone.
/// </summary>
internal static class DayMerge
{
    /// <summary>Rows inserted and recorded rows kept; or the reason the day was not touched.</summary>
    public static async Task<(long Inserted, long Kept, string? Refused)> MergeAsync(
        string dataDir, string symbol, DumpType type, DateOnly day, KeyRanges missing, IEnumerable<DumpRow> dumpRows, CancellationToken ct)
    {
        var csv = DayPaths.Csv(dataDir, symbol, type.Stream, day);
        var gz = csv + DayPaths.GzSuffix;
        var (hasCsv, hasGz) = (File.Exists(csv), File.Exists(gz));
        if (hasCsv && hasGz)
        {
            return (0, 0, "it has a .csv.gz and a .csv (rows that came after compression, not folded in yet); run fill again once the writer has folded them");
        }

        var candidates = Candidates(dumpRows, day, missing);
        if (!hasCsv && !hasGz)
        {
            return await WriteNewAsync(csv, type, candidates, ct).ConfigureAwait(false);
        }

        var existing = hasGz ? gz : csv;
        var before = Stamp(existing);
        if (!hasGz && !EndsWithNewline(existing))
        {
            return (0, 0, "its last line is torn (no newline at the end): see `streamer verify`");
        }

        var present = await PresentKeysAsync(existing, type, missing, ct).ConfigureAwait(false);
        if (present is null)
        {
            return (0, 0, "its header is not the recorder's header for " + type.Stream.ConfigName);
        }

        await using var output = await AtomicDayFile.CreateAsync(existing, type.Stream.Header, ct).ConfigureAwait(false);
        long inserted = 0;
        long kept = 0;
        using (var pending = candidates.Where(r => !present.Contains(r.Key)).GetEnumerator())
        {
            var more = pending.MoveNext();
            using var reader = OpenText(existing);
            await reader.ReadLineAsync(ct).ConfigureAwait(false);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (Key(line) is { } key)
                {
                    for (; more && pending.Current.Key < key; more = pending.MoveNext())
                    {
                        await output.WriteRowAsync(pending.Current.Line, ct).ConfigureAwait(false);
                        inserted++;
                    }
                }

                await output.WriteRowAsync(line, ct).ConfigureAwait(false);
                kept++;
            }

            for (; more; more = pending.MoveNext())
            {
                await output.WriteRowAsync(pending.Current.Line, ct).ConfigureAwait(false);
                inserted++;
            }
        }

        if (inserted == 0)
        {
            return (0, kept, null);
        }

        if (Stamp(existing) != before || File.Exists(hasGz ? csv : gz))
        {
            return (0, 0, "it changed while it was being filled (is the recorder still writing to it?); nothing was replaced");
        }

        await output.CommitAsync(replace: true, ct).ConfigureAwait(false);
        return (inserted, kept, null);
    }

    private static async Task<(long, long, string?)> WriteNewAsync(string csv, DumpType type, IEnumerable<DumpRow> rows, CancellationToken ct)
    {
        await using var output = await AtomicDayFile.CreateAsync(csv, type.Stream.Header, ct).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await output.WriteRowAsync(row.Line, ct).ConfigureAwait(false);
        }

        if (output.Rows > 0)
        {
            await output.CommitAsync(replace: false, ct).ConfigureAwait(false);
        }

        return (output.Rows, 0, null);
    }

    /// <summary>The dump's rows of the day in the missing ranges, checked to come in id order (the merge relies on it).</summary>
    private static IEnumerable<DumpRow> Candidates(IEnumerable<DumpRow> rows, DateOnly day, KeyRanges missing)
    {
        long? last = null;
        foreach (var row in rows)
        {
            if (row.Day != day || !missing.Contains(row.Key))
            {
                continue;
            }

            if (row.Key <= last)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the dump's ids are not increasing ({row.Key} after {last})"));
            }

            last = row.Key;
            yield return row;
        }
    }

    /// <summary>Ids of the missing ranges that the file has after all (open kline updates do not count); null for a foreign header.</summary>
    private static async Task<HashSet<long>?> PresentKeysAsync(string path, DumpType type, KeyRanges missing, CancellationToken ct)
    {
        using var reader = OpenText(path);
        if (await reader.ReadLineAsync(ct).ConfigureAwait(false) != type.Stream.Header)
        {
            return null;
        }

        var present = new HashSet<long>();
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (Key(line) is { } key && missing.Contains(key) && (type.ClosedColumn < 0 || Field(line, type.ClosedColumn) == "true"))
            {
                present.Add(key);
            }
        }

        return present;
    }

    private static long? Key(string line)
    {
        var comma = line.IndexOf(',', StringComparison.Ordinal);
        return long.TryParse(comma < 0 ? line : line[..comma], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key) ? key : null;
    }

    private static string? Field(string line, int index)
    {
        var fields = line.Split(',');
        return index < fields.Length ? fields[index] : null;
    }

    private static StreamReader OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return new StreamReader(path.EndsWith(DayPaths.GzSuffix, StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file);
    }

    private static bool EndsWithNewline(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0)
        {
            return false;
        }

        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }

    private static (long Length, DateTime Written) Stamp(string path)
    {
        var info = new FileInfo(path);
        return (info.Length, info.LastWriteTimeUtc);
    }
}
