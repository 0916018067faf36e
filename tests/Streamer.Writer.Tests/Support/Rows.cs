using System.Globalization;
using System.Text;
using Streamer.Core.Streams;

namespace Streamer.Writer.Tests.Support;

/// <summary>aggtrade rows whose id makes loss, duplication and order checkable.</summary>
internal static class Rows
{
    public static readonly DateTimeOffset Day1 = new(2025, 3, 14, 0, 0, 0, TimeSpan.Zero);

    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static string AggTrade(long id, long timeMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{id},100.5,0.010,{id},{id},{timeMs},false,{timeMs},{timeMs * 1000}\n");

    public static byte[] Bytes(string rows) => Encoding.UTF8.GetBytes(rows);

    public static string Header(StreamInfo stream) => stream.Header + "\n";

    /// <summary>The ids of the data rows of a file (the header is checked separately).</summary>
    public static List<long> Ids(string path) =>
        [.. File.ReadAllLines(path).Skip(1).Select(l => long.Parse(l.AsSpan(0, l.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture))];

    public static string DayFile(string dataDir, string symbol, StreamInfo stream, DateTimeOffset day) =>
        Path.Combine(dataDir, symbol, StreamCatalog.FileName(stream, symbol, DateOnly.FromDateTime(day.UtcDateTime)));
}
