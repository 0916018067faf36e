using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Core.Configuration;
using Streamer.Upload.Running;
using Streamer.Upload.State;
using Streamer.Upload.Store;

namespace Streamer.Upload.Tests.Infrastructure;

/// <summary>A temporary data directory with day files written the way the writer leaves them, and an uploader for it.</summary>
internal sealed class DataDir : IDisposable
{
    public static readonly DateOnly ClosedDay = new(2026, 1, 1);

    public DataDir() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "streamer-up-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>A compressed, closed day file of <paramref name="rows"/> aggtrade-like rows.</summary>
    public string WriteGz(DateOnly day, int rows, string symbol = "BTCUSDT", string stream = "aggtrade")
    {
        var file = FilePath(symbol, stream, day) + ".gz";
        using (var gz = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        {
            gz.Write(Csv(rows));
        }

        return file;
    }

    /// <summary>A plain csv day file.</summary>
    public string WriteCsv(DateOnly day, int rows, string symbol = "BTCUSDT", string stream = "aggtrade")
    {
        var file = FilePath(symbol, stream, day);
        File.WriteAllBytes(file, Csv(rows));
        return file;
    }

    /// <summary>A file of incompressible bytes (for multipart sizes).</summary>
    public string WriteRandomGz(DateOnly day, int bytes)
    {
        var file = FilePath("ETHUSDT", "depth", day) + ".gz";
        var data = new byte[bytes];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(file, data);
        return file;
    }

    public string FilePath(string symbol, string stream, DateOnly day)
    {
        var dir = System.IO.Path.Combine(Path, symbol);
        System.IO.Directory.CreateDirectory(dir);
        return System.IO.Path.Combine(dir, $"{stream}_{symbol}_{day:yyyyMMdd}.csv");
    }

    public static UploadConfig Config(S3Server server, bool deleteLocal = true, long multipartThreshold = 64L << 20) =>
        UploadConfig.Disabled with
        {
            Enabled = true,
            Endpoint = server.Endpoint,
            Bucket = server.Bucket,
            Prefix = "lake",
            ForcePathStyle = true,
            ServerName = "box1",
            DeleteLocal = deleteLocal,
            MultipartThreshold = multipartThreshold,
            PartSize = 5L << 20,
            RetryMinDelay = TimeSpan.FromMilliseconds(100),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            RequestTimeout = TimeSpan.FromSeconds(5),
        };

    public StorageConfig Storage(bool compress = true, StorageFormat format = StorageFormat.Csv) =>
        new(Path, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(1), 0, compress ? CsvCompression.Gzip : CsvCompression.None, TimeSpan.FromMinutes(10), false, 1L << 20, 1L << 20)
        {
            Format = format,
        };

    /// <summary>An uploader as a fresh process would build it (state loaded from disk).</summary>
    public (Uploader Uploader, UploadCounters Counters, S3ObjectStore Store) Uploader(UploadConfig config, bool compress = true, StorageFormat format = StorageFormat.Csv)
    {
        var counters = new UploadCounters();
        var store = new S3ObjectStore(config);
        return (new Uploader(config, Storage(compress, format), store, UploadState.Load(Path), counters, TimeProvider.System, NullLogger.Instance), counters, store);
    }

    /// <summary>A file at <paramref name="relative"/> (a sealed Parquet part: the uploader never reads what is inside) with <paramref name="bytes"/> random bytes.</summary>
    public string WriteFile(string relative, int bytes)
    {
        var file = System.IO.Path.Combine(Path, relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        File.WriteAllBytes(file, data);
        return file;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static byte[] Csv(int rows)
    {
        var sb = new StringBuilder("agg_trade_id,price,quantity\n");
        for (var i = 0; i < rows; i++)
        {
            sb.Append(i).Append(",100.").Append(i % 100).Append(",0.5\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
