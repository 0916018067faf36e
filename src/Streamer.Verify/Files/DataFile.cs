using Streamer.Core.Streams;

namespace Streamer.Verify.Files;

/// <summary>One physical data file: <c>{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv</c> or its <c>.csv.gz</c>.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="RelativePath">Path relative to the data directory, as shown to the user.</param>
/// <param name="Symbol">Symbol (the folder name).</param>
/// <param name="Stream">Stream named by the file prefix.</param>
/// <param name="Day">UTC day named by the file.</param>
/// <param name="Compressed">A finished day compressed by the writer.</param>
/// <param name="Length">Size on disk in bytes when the directory was listed.</param>
internal sealed record DataFile(string Path, string RelativePath, string Symbol, StreamInfo Stream, DateOnly Day, bool Compressed, long Length);
