using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Streamer.History.Tests.Support;

/// <summary>
/// A folder laid out like data.binance.vision (<c>data/futures/um/daily/aggTrades/SYM/SYM-aggTrades-DAY.zip</c>
/// and <c>.zip.CHECKSUM</c>), built by the test: what a static HTTP server serves as the dump server.
/// </summary>
internal sealed class DumpTree(string root)
{
    public const string AggTradesHeader = "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker";
    public const string KlinesHeader = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore";

    public string Root { get; } = root;

    public static string DailyPath(string type, string symbol, DateOnly day) => type == "klines"
        ? $"data/futures/um/daily/klines/{symbol}/1m/{symbol}-1m-{day:yyyy-MM-dd}.zip"
        : $"data/futures/um/daily/{type}/{symbol}/{symbol}-{type}-{day:yyyy-MM-dd}.zip";

    public static string MonthlyPath(string type, string symbol, int year, int month) => type == "klines"
        ? $"data/futures/um/monthly/klines/{symbol}/1m/{symbol}-1m-{year:D4}-{month:D2}.zip"
        : $"data/futures/um/monthly/{type}/{symbol}/{symbol}-{type}-{year:D4}-{month:D2}.zip";

    /// <summary>Publishes a zip holding one CSV of <paramref name="rows"/> (after <paramref name="header"/> when given) and its CHECKSUM.</summary>
    public byte[] Publish(string relativePath, IEnumerable<string[]> rows, string? header)
    {
        var csv = new StringBuilder();
        if (header is not null)
        {
            csv.Append(header).Append('\n');
        }

        foreach (var row in rows)
        {
            csv.Append(string.Join(',', row)).Append('\n');
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(Path.GetFileNameWithoutExtension(relativePath) + ".csv", CompressionLevel.NoCompression);
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(csv.ToString()));
        }

        var bytes = buffer.ToArray();
        var path = Full(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        WriteChecksum(relativePath, SHA256.HashData(bytes));
        return bytes;
    }

    /// <summary>Replaces the CHECKSUM with a digest that matches nothing.</summary>
    public void CorruptChecksum(string relativePath) => WriteChecksum(relativePath, new byte[32]);

    /// <summary>Writes the right CHECKSUM again.</summary>
    public void FixChecksum(string relativePath) => WriteChecksum(relativePath, SHA256.HashData(File.ReadAllBytes(Full(relativePath))));

    /// <summary>Removes an archive and its CHECKSUM: the server answers 404.</summary>
    public void Remove(string relativePath)
    {
        File.Delete(Full(relativePath));
        File.Delete(Full(relativePath) + ".CHECKSUM");
    }

    private void WriteChecksum(string relativePath, byte[] digest) =>
        File.WriteAllText(Full(relativePath) + ".CHECKSUM", $"{Convert.ToHexStringLower(digest)}  {Path.GetFileName(relativePath)}\n");

    private string Full(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
