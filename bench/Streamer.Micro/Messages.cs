using System.Globalization;
using System.Text;

namespace Streamer.Micro;

/// <summary>Exchange messages shaped like Binance USD-M's (combined-stream envelope), as the worker receives them.</summary>
internal static class Messages
{
    public static readonly byte[] AggTrade = Encoding.UTF8.GetBytes(
        """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1767225600123,"a":2937492811,"s":"BTCUSDT","p":"94312.40","q":"0.012","f":6523891123,"l":6523891125,"T":1767225600121,"m":true}}""");

    public static readonly byte[] BookTicker = Encoding.UTF8.GetBytes(
        """{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":8523741234567,"s":"BTCUSDT","b":"94312.30","B":"3.412","a":"94312.40","A":"0.981","T":1767225600121,"E":1767225600123}}""");

    /// <summary>A depthUpdate with <paramref name="levels"/> levels per side.</summary>
    public static byte[] Depth(int levels)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1767225600123,"T":1767225600121,"s":"BTCUSDT","U":8523741234500,"u":8523741234567,"pu":8523741234499,"b":[""");
        for (var i = 0; i < levels; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""{(i > 0 ? "," : "")}["{94312.30m - i * 0.1m:0.00}","{1.5m + i * 0.013m:0.000}"]""");
        }

        sb.Append("""],"a":[""");
        for (var i = 0; i < levels; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""{(i > 0 ? "," : "")}["{94312.40m + i * 0.1m:0.00}","{0.9m + i * 0.007m:0.000}"]""");
        }

        sb.Append("]}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
