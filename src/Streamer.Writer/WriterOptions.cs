using Streamer.Core.Configuration;
using Streamer.Pipes;
using Streamer.Core.Status;
using Streamer.Core.Storage;

namespace Streamer.Writer;

/// <summary>Everything the writer needs to run; built from config.yaml by <see cref="FromConfig"/>, or by tests.</summary>
public sealed record WriterOptions
{
    /// <summary>Root of the output files (<c>storage.data_dir</c>).</summary>
    public required string DataDir { get; init; }

    /// <summary>Named pipe the clients connect to (<see cref="PipeNames.Writer"/>).</summary>
    public required string PipeName { get; init; }

    /// <summary>How often buffered rows are written to the OS, checkpointed and acknowledged.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Longest time between two fsyncs; zero = fsync at every flush.</summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Also fsync after this many rows; zero = by interval only.</summary>
    public long FsyncRows { get; init; } = 100_000;

    /// <summary>Gzip a day's files once the day is over and <see cref="CloseGrace"/> has passed (<c>compress: gzip</c>).</summary>
    public bool Compress
    {
        get => CsvCompression == CsvCompression.Gzip;
        init => CsvCompression = value ? CsvCompression.Gzip : CsvCompression.None;
    }

    /// <summary><c>storage.compress</c>: what a closed CSV day becomes (ignored with Parquet).</summary>
    public CsvCompression CsvCompression { get; init; }

    /// <summary><c>storage.format</c>: with Parquet, every closed CSV part is sealed into a Parquet part.</summary>
    public StorageFormat Format { get; init; }

    /// <summary><c>storage.layout</c> of the Parquet parts.</summary>
    public StorageLayout Layout { get; init; }

    /// <summary><c>storage.parquet_seal</c>: hourly open parts (<c>hour</c>, the default) or daily ones, and whether a graceful stop seals them (<c>hour</c>, <c>stop</c>) or not (<c>day</c>).</summary>
    public ParquetSeal ParquetSeal { get; init; }

    /// <summary>What closed files become, or null when they stay plain csv.</summary>
    internal Compression.SealOutput? ClosedOutput => Format == StorageFormat.Parquet
        ? Compression.SealOutput.Parquet
        : CsvCompression switch
        {
            CsvCompression.Gzip => Compression.SealOutput.Gzip,
            CsvCompression.Zstd => Compression.SealOutput.Zstd,
            _ => null,
        };

    /// <summary>How long after UTC midnight yesterday's files stay open for late rows.</summary>
    public TimeSpan CloseGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Levels per side in the orderbook file header.</summary>
    public int OrderBookDepth { get; init; } = 20;

    /// <summary>Bytes read from clients but not yet written that the writer may hold; beyond it, it stops reading.</summary>
    public long MaxBufferedBytes { get; init; } = 64L << 20;

    /// <summary>How often a failing disk is tried again.</summary>
    public TimeSpan DiskRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the status line is published.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A client that connects but sends no Hello within this time is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a graceful stop keeps retrying the last flush on a failing disk.</summary>
    public TimeSpan StopFlushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After a stop request, how long the writer keeps serving producers that are still connected. When a
    /// whole process group gets SIGTERM at once (a terminal, <c>timeout</c>, a container stop), workers are
    /// still handing over their last rows; closing on them would drop what they hold. Zero (the library
    /// default, used by tests that stop a writer under live clients) closes at once; the writer role uses 8 s.
    /// </summary>
    public TimeSpan StopLinger { get; init; }

    /// <summary>Clock and timers (tests move the clock across midnight).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>File operations (tests inject a full disk).</summary>
    public IWriterFileSystem FileSystem { get; init; } = PhysicalFileSystem.Instance;

    /// <summary>Where status reports go; null = nowhere. Defaults to the stdout status line.</summary>
    public Action<ChildStatus>? PublishStatus { get; init; } = StatusLine.Publish;

    /// <summary>Writer options from a loaded configuration for the supervisor run <paramref name="runId"/>.</summary>
    public static WriterOptions FromConfig(StreamerConfig config, string runId)
    {
        ArgumentNullException.ThrowIfNull(config);
        var s = config.Storage;
        return new WriterOptions
        {
            DataDir = s.DataDir,
            PipeName = PipeNames.Writer(runId),
            FlushInterval = s.FlushInterval,
            FsyncInterval = s.FsyncInterval,
            FsyncRows = s.FsyncRows,
            CsvCompression = s.Compress,
            Format = s.Format,
            Layout = s.Layout,
            ParquetSeal = s.ParquetSeal,
            CloseGrace = s.CloseGrace,
            OrderBookDepth = config.OrderBook.Depth,
        };
    }
}
