using System.IO.Compression;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Streamer.Storage.Parquet;
using Streamer.Writer.Files;
using Streamer.Core.Storage;

namespace Streamer.Writer.Compression;

/// <summary>
/// Compresses closed day files one at a time in the background, so a large file never stalls writing.
/// It only produces a complete, fsynced <c>.gz.{id}.tmp</c>; putting it in place (rename, delete the
/// csv) is the engine's job, journaled in the checkpoint so a crash at any point is finished or undone
/// at the next start. When a <c>.csv.gz</c> already exists (rows arrived after the day was compressed)
/// its content is carried over and the csv's rows are appended without repeating the header.
/// </summary>
/// <remarks>
/// <paramref name="done"/> hands a finished job to the engine and returns false when the engine takes no more (it is
/// stopping): nobody will ever commit that temporary file, so it is deleted here rather than left for the next start.
/// </remarks>
internal sealed class DayCompressor(IWriterFileSystem fs, string dataDir, Func<CompressionJob, bool> done, ILogger logger)
{
    private readonly Channel<CompressionJob> _jobs = Channel.CreateUnbounded<CompressionJob>(new UnboundedChannelOptions { SingleReader = true });
    private volatile CancellationTokenSource? _running;

    public void Enqueue(CompressionJob job) => _jobs.Writer.TryWrite(job);

    /// <summary>
    /// Abandons the job in progress (its temporary file is deleted) and every queued one: a graceful stop with Parquet
    /// seals every csv itself, in the engine, and must not wait for background work or race it.
    /// </summary>
    public void StopBackground()
    {
        _jobs.Writer.TryComplete();
        try
        {
            _running?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop has ended already.
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _running = running;
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(running.Token).ConfigureAwait(false))
            {
                // Compression is CPU-bound; it runs here, off the engine's loop.
                await RunJobAsync(job, running.Token).ConfigureAwait(false);
                if (running.IsCancellationRequested || !done(job))
                {
                    // The engine has stopped (or is sealing at stop): this temp file will never be committed.
                    TryDelete(DayFilePaths.Absolute(dataDir, job.TempRelativePath));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _running = null;
        }
    }

    /// <summary>Produces the job's complete, fsynced temporary file, or sets <see cref="CompressionJob.Error"/>.</summary>
    public async Task RunJobAsync(CompressionJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        switch (job.Output)
        {
            case SealOutput.Parquet:
                await SealAsync(job, ct).ConfigureAwait(false);
                break;
            case SealOutput.Zstd:
                CompressZstd(job, ct);
                break;
            default:
                Compress(job, ct);
                break;
        }
    }

    /// <summary>
    /// Parquet: the csv is converted whole into a new part; a sealed part is never appended to (late rows become a
    /// part of their own), so unlike gzip nothing earlier is carried over.
    /// </summary>
    private async Task SealAsync(CompressionJob job, CancellationToken ct)
    {
        var csv = DayFilePaths.Absolute(dataDir, job.CsvRelativePath);
        var temp = DayFilePaths.Absolute(dataDir, job.TempRelativePath);
        try
        {
            using (var output = fs.Create(temp))
            {
                await using (var stream = new WritableFileStream(output))
                {
                    job.CsvBytes = fs.GetLength(csv);
                    job.Rows = await CsvToParquet.ConvertAsync(() => fs.OpenRead(csv), stream, CsvToParquet.DefaultRowGroupRows, ct).ConfigureAwait(false);
                }

                job.GzipBytes = fs.GetLength(temp);
                output.Sync();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or OperationCanceledException or NotSupportedException)
        {
            // A csv that does not convert stays a csv (and is tried again at the next start), said loudly by the engine.
            job.Error = e.Message;
            TryDelete(temp);
        }
    }

    /// <summary>
    /// Gzip: rows that came after the day was compressed are merged by decompressing the existing .gz into the new one.
    /// </summary>
    private void Compress(CompressionJob job, CancellationToken ct) =>
        CompressCsv(job, DayFilePaths.CompressedSuffix, raw => new GZipStream(raw, CompressionLevel.Optimal, leaveOpen: true),
            previous => new GZipStream(previous, CompressionMode.Decompress), ct);

    /// <summary>
    /// Zstd: a zstd stream may hold several frames back to back, so the existing .zst is copied as it is and the late
    /// rows become a new frame after it.
    /// </summary>
    private void CompressZstd(CompressionJob job, CancellationToken ct) =>
        CompressCsv(job, ".zst", raw => new ZstdSharp.CompressionStream(raw, 9, leaveOpen: true), decompressPrevious: null, ct);

    /// <summary>
    /// Compresses the csv into the job's temp file. When a compressed file of the day exists already its content is
    /// carried over first (decompressed into the new stream, or, with no <paramref name="decompressPrevious"/>, copied
    /// raw before it) and the csv's header is skipped, so the result has one header.
    /// </summary>
    private void CompressCsv(CompressionJob job, string suffix, Func<Stream, Stream> compress, Func<Stream, Stream>? decompressPrevious, CancellationToken ct)
    {
        var csv = DayFilePaths.Absolute(dataDir, job.CsvRelativePath);
        var previous = csv + suffix;
        var temp = DayFilePaths.Absolute(dataDir, job.TempRelativePath);
        try
        {
            using (var output = fs.Create(temp))
            {
                using (var stream = new WritableFileStream(output))
                {
                    var skipHeader = fs.GetLength(previous) >= 0;
                    if (skipHeader && decompressPrevious is null)
                    {
                        using var raw = fs.OpenRead(previous);
                        raw.CopyTo(stream);
                    }

                    using var compressing = compress(stream);
                    if (skipHeader && decompressPrevious is not null)
                    {
                        using var old = decompressPrevious(fs.OpenRead(previous));
                        old.CopyTo(compressing);
                    }

                    using var input = fs.OpenRead(csv);
                    job.CsvBytes = input.Length;
                    if (skipHeader)
                    {
                        SkipLine(input);
                    }

                    CopyWithCancellation(input, compressing, ct);
                }

                job.GzipBytes = output.Length;
                output.Sync();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or OperationCanceledException)
        {
            job.Error = e.Message;
            TryDelete(temp);
        }
    }

    private static void SkipLine(Stream input)
    {
        int b;
        while ((b = input.ReadByte()) >= 0 && b != '\n')
        {
        }
    }

    private static void CopyWithCancellation(Stream input, Stream output, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            output.Write(buffer, 0, n);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            fs.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriterLog.CleanupFailed(logger, path, e.Message);
        }
    }
}
