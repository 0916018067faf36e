using System.Text;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;

namespace Streamer.Binance.Tests.Parsing;

internal static class Rows
{
    public const long Local = 1_626_992_741_062_170;

    public static (ParsedMessage Result, string Csv) Parse(string json, string? symbol = null, bool klineAll = false)
    {
        var rows = new CsvRowBuilder();
        var result = new BinanceMessageParser(symbol, klineAll).Parse(Encoding.UTF8.GetBytes(json), Local, rows);
        return (result, Encoding.UTF8.GetString(rows.WrittenSpan));
    }

    /// <summary>Parses with another market's parser.</summary>
    public static (ParsedMessage Result, string Csv) Parse(BinanceDialect dialect, string json, string? symbol = null, bool klineAll = false)
    {
        var rows = new CsvRowBuilder();
        var result = new BinanceMessageParser(dialect, symbol, klineAll).Parse(Encoding.UTF8.GetBytes(json), Local, rows);
        return (result, Encoding.UTF8.GetString(rows.WrittenSpan));
    }
}
