using Streamer.Core.Streams;
using Streamer.Verify.Report;

namespace Streamer.Verify.Running;

/// <summary>The outcome of a run: one result per symbol, stream and day, plus what could not be checked.</summary>
internal sealed class VerifyReport(string dataDir)
{
    private readonly List<DayResult> _days = [];

    public string DataDir { get; } = dataDir;

    /// <summary>Results in report order: symbol, stream (catalog order), day.</summary>
    public IReadOnlyList<DayResult> Days => _days;

    /// <summary>Symbols asked for on the command line that have no folder.</summary>
    public List<string> MissingSymbols { get; } = [];

    /// <summary>Files in symbol folders whose names are not data file names.</summary>
    public List<string> IgnoredFiles { get; } = [];

    /// <summary>
    /// Rows a recorder received and journalled (<c>{data_dir}/.journal</c>) that are not in the files yet: the files
    /// are incomplete until the next start of the recorder writes them.
    /// </summary>
    public List<UnwrittenJournal> UnwrittenJournals { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public long Rows => _days.Sum(d => d.Rows);

    public long Bytes => _days.Sum(d => d.Bytes);

    public int Files => _days.Sum(d => d.Files.Count);

    public int Failed => _days.Count(d => d.Status == DayStatus.Fail);

    public int Warned => _days.Count(d => d.Status == DayStatus.Warning);

    /// <summary>Nothing was checked: asking to verify and getting nothing is not a clean result.</summary>
    public bool NothingChecked => _days.Count == 0;

    public bool Clean => Failed == 0 && MissingSymbols.Count == 0 && UnwrittenJournals.Count == 0 && !NothingChecked;

    public void Add(DayResult day) => _days.Add(day);

    public void Sort() => _days.Sort((a, b) =>
    {
        var c = string.CompareOrdinal(a.Symbol, b.Symbol);
        if (c == 0)
        {
            c = Order(a.Stream).CompareTo(Order(b.Stream));
        }

        return c != 0 ? c : a.Day.CompareTo(b.Day);
    });

    private static int Order(StreamInfo stream)
    {
        for (var i = 0; i < StreamCatalog.All.Count; i++)
        {
            if (StreamCatalog.All[i] == stream)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
