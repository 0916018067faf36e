using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Verify.Files;

/// <summary>
/// One physical data file: <c>{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv</c> (<c>{exchange}/{SYMBOL}/...</c> for a
/// non-default exchange), its <c>.csv.gz</c> or <c>.csv.zst</c>,
/// or a sealed Parquet part (<c>.p001.parquet</c>, flat or hive layout).
/// </summary>
/// <param name="Path">Absolute path.</param>
/// <param name="RelativePath">Path relative to the data directory, as shown to the user.</param>
/// <param name="Symbol">Bare symbol (the folder name, as in the file name).</param>
/// <param name="Stream">Stream named by the file prefix.</param>
/// <param name="Day">UTC day named by the file.</param>
/// <param name="Encoding">How the rows are stored.</param>
/// <param name="Length">Size on disk in bytes when the directory was listed.</param>
/// <param name="Part">Parquet part number (row order within a day, or an hour); 0 otherwise.</param>
/// <param name="Hour">UTC hour of an hourly file (<c>.h07.csv</c>, <c>.h07.p001.parquet</c>); -1 for a whole-day file.</param>
/// <param name="Exchange">The market that recorded it (<see cref="ExchangeIds"/>): the exchange folder it is under, or the default.</param>
internal sealed record DataFile(string Path, string RelativePath, string Symbol, StreamInfo Stream, DateOnly Day, FileEncoding Encoding, long Length, int Part = 0, int Hour = -1, string Exchange = ExchangeIds.Default)
{
    /// <summary>Not a plain csv: read whole (no seeking to the tail), never a live file.</summary>
    public bool Compressed => Encoding != FileEncoding.Csv;
}

/// <summary>How a data file holds its rows.</summary>
internal enum FileEncoding
{
    Csv,
    Gzip,
    Zstd,
    Parquet,
}
