using Streamer.History.Dumps;
using Streamer.History.Output;

namespace Streamer.History.Download;

/// <summary>
/// Writes the days of a verified archive that have no file yet, each as its own atomic file, in the
/// dump's row order. Rows are streamed: a monthly archive of a busy symbol does not fit in memory.
/// </summary>
internal static class DumpDayWriter
{
    /// <summary>Rows written per wanted day (0: the dump has none), and the reason reading stopped early, if it did.</summary>
    public static async Task<(Dictionary<DateOnly, long> Rows, string? Error)> WriteAsync(
        string zipPath, Archive archive, IReadOnlyCollection<DateOnly> wanted, string dataDir, CancellationToken ct)
    {
        var rows = wanted.ToDictionary(d => d, _ => 0L);
        var seen = new HashSet<DateOnly>();
        var committed = new HashSet<DateOnly>();
        AtomicDayFile? current = null;
        DateOnly? currentDay = null;
        try
        {
            foreach (var row in DumpReader.Read(zipPath, archive.Type))
            {
                if (row.Day != currentDay)
                {
                    if (current is not null)
                    {
                        await current.CommitAsync(replace: false, ct).ConfigureAwait(false);
                        rows[currentDay!.Value] = current.Rows;
                        committed.Add(currentDay.Value);
                        current = null;
                    }

                    // A day's rows must be together: a day file is written once, whole.
                    if (!seen.Add(row.Day))
                    {
                        throw new InvalidDataException($"rows of {row.Day:yyyy-MM-dd} are not together (the dump is not in time order)");
                    }

                    currentDay = row.Day;
                    if (rows.ContainsKey(row.Day))
                    {
                        current = await AtomicDayFile.CreateAsync(DayPaths.Csv(dataDir, archive.Symbol, archive.Type.Stream, row.Day), archive.Type.Stream.Header, ct).ConfigureAwait(false);
                    }
                }

                if (current is not null)
                {
                    await current.WriteRowAsync(row.Line, ct).ConfigureAwait(false);
                }
            }

            if (current is not null)
            {
                await current.CommitAsync(replace: false, ct).ConfigureAwait(false);
                rows[currentDay!.Value] = current.Rows;
            }

            return (rows, null);
        }
        catch (InvalidDataException e)
        {
            // Days already put in place are whole and stay; the rest is refused.
            foreach (var day in rows.Keys.Where(d => !committed.Contains(d)).ToList())
            {
                rows[day] = -1;
            }

            return (rows, "the dump does not read as expected: " + e.Message);
        }
        finally
        {
            if (current is not null)
            {
                await current.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
