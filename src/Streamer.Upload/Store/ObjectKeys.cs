using System.Globalization;
using Streamer.Core.Exchanges;
using Streamer.Storage.Parquet;
using Streamer.Upload.Sealing;

namespace Streamer.Upload.Store;

/// <summary>
/// Object keys: <c>{prefix}/binance-um/{SYMBOL}/{stream}/{server_name}/{YYYY-MM-DD}/{file name}</c>. The market segment
/// is the exchange id (<see cref="ExchangeIds"/>); the uploader only finds files of the default exchange so far.
/// </summary>
public static class ObjectKeys
{
    /// <summary>The key of a sealed file.</summary>
    public static string For(string prefix, string serverName, SealedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var key = string.Join('/', ExchangeIds.Default, file.Symbol, file.Stream, serverName,
            file.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), file.FileName);
        return prefix.Length == 0 ? key : prefix + "/" + key;
    }

    /// <summary>
    /// The key of a late part: rows that reached a day after its object was written and its local file deleted.
    /// <c>aggtrade_BTCUSDT_20260101.csv.gz</c> → <c>aggtrade_BTCUSDT_20260101.late-{sha256[..12]}.csv.gz</c>: named by
    /// content, so a restart mid-way uploads the same part to the same key, and the day's rows are the union of its
    /// objects (each with its own header). A Parquet part keeps its suffix last:
    /// <c>aggtrade_BTCUSDT_20260101.h07.p001.parquet</c> → <c>aggtrade_BTCUSDT_20260101.h07.p001.late-{sha256[..12]}.parquet</c>
    /// (a part number repeats only when the local part was deleted after its upload and late rows came).
    /// </summary>
    public static string LatePart(string key, string sha256Hex)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(sha256Hex);
        var slash = key.LastIndexOf('/') + 1;
        var dot = key.EndsWith(PartNames.Suffix, StringComparison.Ordinal)
            ? key.Length - PartNames.Suffix.Length
            : key.IndexOf(".csv", slash, StringComparison.Ordinal);
        return key[..dot] + ".late-" + sha256Hex[..12] + key[dot..];
    }
}
