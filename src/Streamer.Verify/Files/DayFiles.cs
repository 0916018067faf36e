namespace Streamer.Verify.Files;

/// <summary>
/// The files holding one symbol, stream and day, in reading order. Normally one; when rows arrived after
/// the day was compressed there is a <c>.csv.gz</c> and a new <c>.csv</c> (which the writer will fold into
/// the .gz later), and the .gz holds the earlier rows.
/// </summary>
internal sealed class DayFiles(DateOnly day)
{
    private readonly List<DataFile> _parts = [];

    public DateOnly Day { get; } = day;

    public IReadOnlyList<DataFile> Parts => _parts;

    public long Length => _parts.Sum(p => p.Length);

    public void Add(DataFile file)
    {
        _parts.Add(file);
        _parts.Sort((a, b) => b.Compressed.CompareTo(a.Compressed));
    }
}
