using Streamer.Core.Streams;

namespace Streamer.History.Output;

/// <summary>Where a symbol's day of a stream lives: <c>{data_dir}/{SYMBOL}/{stream}_{SYMBOL}_{YYYYMMDD}.csv</c>, or its <c>.csv.gz</c>.</summary>
internal static class DayPaths
{
    public const string GzSuffix = ".gz";

    public static string Csv(string dataDir, string symbol, StreamInfo stream, DateOnly day) =>
        Path.Combine(dataDir, symbol, StreamCatalog.FileName(stream, symbol, day));

    /// <summary>The day has a file, plain or compressed by the writer.</summary>
    public static bool Exists(string dataDir, string symbol, StreamInfo stream, DateOnly day)
    {
        var csv = Csv(dataDir, symbol, stream, day);
        return File.Exists(csv) || File.Exists(csv + GzSuffix);
    }
}
