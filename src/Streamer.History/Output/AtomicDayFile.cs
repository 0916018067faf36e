using System.IO.Compression;
using System.Text;
using Streamer.Core.Storage;

namespace Streamer.History.Output;

/// <summary>
/// A day file written whole or not at all: rows go to <c>{name}.history.tmp</c> next to it (the
/// <c>.tmp</c> ending keeps it out of <c>streamer verify</c> and the writer's way), which is fsynced and
/// then renamed over the final name, and the folder is fsynced so the rename survives a power cut.
/// Disposed without <see cref="CommitAsync"/> (an error, a kill), only the temporary remains, and the
/// next attempt overwrites it. A <c>.csv.gz</c> name is written gzip-compressed.
/// </summary>
internal sealed class AtomicDayFile : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly Stream _text;
    private readonly StreamWriter _writer;
    private bool _committed;

    private AtomicDayFile(string path)
    {
        FinalPath = path;
        TempPath = path + ".history.tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        _text = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(_file, CompressionLevel.Optimal, leaveOpen: true) : _file;
        _writer = new StreamWriter(_text, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
    }

    public string FinalPath { get; }

    public string TempPath { get; }

    public long Rows { get; private set; }

    /// <summary>Starts the file with <paramref name="header"/>.</summary>
    public static async Task<AtomicDayFile> CreateAsync(string path, string header, CancellationToken ct)
    {
        var file = new AtomicDayFile(path);
        await file._writer.WriteLineAsync(header.AsMemory(), ct).ConfigureAwait(false);
        return file;
    }

    /// <summary>Appends a row (without its newline).</summary>
    public async ValueTask WriteRowAsync(string row, CancellationToken ct)
    {
        await _writer.WriteLineAsync(row.AsMemory(), ct).ConfigureAwait(false);
        Rows++;
    }

    /// <summary>Puts the file in place. <paramref name="replace"/>: an existing file of that name is replaced (fill), else it must not exist.</summary>
    public async Task CommitAsync(bool replace, CancellationToken ct)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (!ReferenceEquals(_text, _file))
        {
            await _text.DisposeAsync().ConfigureAwait(false);
        }

        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(TempPath, FinalPath, overwrite: replace);
        _committed = true;
        DirectorySync.Sync(Path.GetDirectoryName(FinalPath)!);
    }

    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        await _text.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Delete(TempPath);
    }
}
