using System.Globalization;
using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>
/// Decides whether a hole in an id sequence is one the recorder reported in its events file (a
/// <c>gap</c> it could not recover, or a <c>backfill</c> range it fetched) or a silent one.
/// Rows with ids cover that id range (an open end covers everything above its start). Rows without
/// ids (the writer's own loss report after an OS crash) cover a hole when written between an hour before
/// the hole's first missing row and an hour after the row that follows the hole, because the writer
/// notices the loss only at its next start.
/// </summary>
internal sealed class GapCoverage
{
    private static readonly long Slack = (long)TimeSpan.FromHours(1).TotalMilliseconds;

    private readonly Dictionary<string, List<CoverageEntry>> _byStream = new(StringComparer.Ordinal);

    public void Add(string stream, CoverageEntry entry)
    {
        if (!_byStream.TryGetValue(stream, out var list))
        {
            list = [];
            _byStream[stream] = list;
        }

        list.Add(entry);
    }

    /// <summary>Sets <see cref="IdGap.Unreported"/> and <see cref="IdGap.ReportedBy"/>.</summary>
    public void Explain(string stream, IdGap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        if (!_byStream.TryGetValue(stream, out var entries))
        {
            gap.Unreported = [(gap.From, gap.To)];
            return;
        }

        var withoutIds = entries.FirstOrDefault(e => e.From is null
            && e.LocalTimeMs >= gap.TimeBeforeMs - Slack && e.LocalTimeMs <= gap.TimeAfterMs + Slack);
        if (withoutIds is not null)
        {
            gap.Unreported = [];
            gap.ReportedBy = Describe(withoutIds);
            return;
        }

        var covering = entries
            .Where(e => e.From is { } from && from <= gap.To && (e.To ?? long.MaxValue) >= gap.From)
            .OrderBy(e => e.From)
            .ToList();
        var unreported = new List<(long, long)>();
        var cursor = gap.From;
        foreach (var e in covering)
        {
            if (e.From > cursor)
            {
                unreported.Add((cursor, Math.Min(e.From.Value - 1, gap.To)));
            }

            var end = e.To ?? long.MaxValue;
            if (end >= gap.To)
            {
                cursor = long.MaxValue;
                break;
            }

            cursor = Math.Max(cursor, end + 1);
        }

        if (cursor <= gap.To)
        {
            unreported.Add((cursor, gap.To));
        }

        gap.Unreported = unreported;
        gap.ReportedBy = covering.Count == 0 ? null : string.Join("; ", covering.Take(3).Select(Describe));
    }

    private static string Describe(CoverageEntry e)
    {
        var when = DateTimeOffset.FromUnixTimeMilliseconds(e.LocalTimeMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var range = e.From is { } from
            ? string.Create(CultureInfo.InvariantCulture, $" {from}..{(e.To is { } to ? to.ToString(CultureInfo.InvariantCulture) : "")}")
            : "";
        return $"events {e.Kind}{range} at {when} UTC \"{e.Detail}\"";
    }
}
