namespace Streamer.Upload.Sealing;

/// <summary>A day file that will not change any more (<see cref="SealedFileRule"/>), as found on disk.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="RelativePath">Path under the data directory, '/' separated.</param>
/// <param name="Symbol">Symbol folder.</param>
/// <param name="Stream">Stream's file prefix (<c>aggtrade</c>, <c>kline_1m</c>, ...).</param>
/// <param name="Day">UTC day of its rows.</param>
/// <param name="Length">Size in bytes when found.</param>
/// <param name="LastWriteUtc">Modification time when found: a change means the file was replaced.</param>
public sealed record SealedFile(string Path, string RelativePath, string Symbol, string Stream, DateOnly Day, long Length, DateTime LastWriteUtc)
{
    /// <summary>The file name (last part of the key).</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
