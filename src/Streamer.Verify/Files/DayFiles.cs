namespace Streamer.Verify.Files;

/// <summary>
/// The files holding one symbol, stream and day, in reading order. Normally one; when rows arrived after
/// the day was compressed there is a <c>.csv.gz</c> and a new <c>.csv</c> (which the writer will fold into
/// the .gz later), and the .gz holds the earlier rows. With Parquet a day is its sealed parts, then the open csv.
/// </summary>
internal sealed class DayFiles(DateOnly day)
{
    private readonly List<DataFile> _parts = [];

    public DateOnly Day { get; } = day;

    public IReadOnlyList<DataFile> Parts => _parts;

    public long Length => _parts.Sum(p => p.Length);

    // Rows order: a compressed day (gz/zst) holds the earliest rows; then by hour (whole-day files first, then the
    // hourly files of parquet_seal: hour, 00 to 23); within one, sealed Parquet parts in number order, then a csv (the
    // open part, or late rows), which holds the newest.
    private static (int, int, int, int) Order(DataFile f) => (
        f.Encoding is FileEncoding.Gzip or FileEncoding.Zstd ? 0 : 1,
        f.Hour,
        f.Encoding == FileEncoding.Parquet ? 0 : 1,
        f.Part);

    public void Add(DataFile file)
    {
        _parts.Add(file);
        _parts.Sort((a, b) => Order(a).CompareTo(Order(b)));
    }
}
