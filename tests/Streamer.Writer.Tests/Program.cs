using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;
using Streamer.Core.Logging;

namespace Streamer.Writer.Tests;

/// <summary>
/// Entry point of the test assembly when started as a process: <c>dotnet Streamer.Writer.Tests.dll
/// writer-host DATA_DIR PIPE [parquet-hour-hive]</c> runs a real writer (csv, or hourly Parquet parts in the hive
/// layout), so crash tests can kill -9 a real process.
/// </summary>
public static class Program
{
    /// <summary>The optional argument that makes the writer seal hourly Parquet parts in the hive layout.</summary>
    public const string ParquetHourHive = "parquet-hour-hive";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["writer-host", var dataDir, var pipe, ..] || args.Length > 4 || (args.Length == 4 && args[3] != ParquetHourHive))
        {
            await Console.Error.WriteLineAsync("usage: writer-host DATA_DIR PIPE [" + ParquetHourHive + "]");
            return 2;
        }

        using var loggers = StreamerLogging.Create(LogLevel.Information);
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        var options = new WriterOptions
        {
            DataDir = dataDir,
            PipeName = pipe,
            FlushInterval = TimeSpan.FromMilliseconds(5),
            PublishStatus = null,
        };
        if (args.Length == 4)
        {
            options = options with { Format = StorageFormat.Parquet, ParquetSeal = ParquetSeal.Hour, Layout = StorageLayout.Hive, CloseGrace = TimeSpan.Zero };
        }

        var server = new WriterServer(options, loggers);
        var run = server.RunAsync(stop.Token);
        await server.Ready;
        Console.Out.WriteLine("ready");
        await Console.Out.FlushAsync();
        return await run;
    }
}
