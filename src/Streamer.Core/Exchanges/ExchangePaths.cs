namespace Streamer.Core.Exchanges;

/// <summary>
/// Where an exchange's files live under the data directory. The default exchange keeps the layout every existing
/// recording, <c>streamer verify</c>, <c>history</c> and <c>convert</c> already use (<c>{data_dir}/{SYMBOL}/...</c>);
/// any other exchange gets the same tree one folder down (<c>{data_dir}/{exchange}/{SYMBOL}/...</c>, and its hive
/// and staging folders under <c>{data_dir}/{exchange}/</c> too), so BTCUSDT of two markets never shares a file.
/// An exchange id (lower-case, with a hyphen) can never be mistaken for a symbol folder (upper-case letters and
/// digits) or a hidden one (<c>.staging</c>, <c>.journal</c>).
/// </summary>
public static class ExchangePaths
{
    /// <summary>The folder prefix of <paramref name="exchange"/>'s files, '/' separated: empty for the default exchange, else <c>{exchange}/</c>.</summary>
    public static string Prefix(string exchange)
    {
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        return string.Equals(exchange, ExchangeIds.Default, StringComparison.Ordinal) ? "" : exchange + "/";
    }

    /// <summary>
    /// The folder under which <paramref name="exchange"/>'s tree (symbol folders, <c>.staging</c>, hive stream folders)
    /// has exactly the layout a default-exchange recording has under the data directory itself.
    /// </summary>
    public static string Root(string dataDir, string exchange)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var prefix = Prefix(exchange);
        return prefix.Length == 0 ? dataDir : Path.Combine(dataDir, prefix.TrimEnd('/'));
    }

    /// <summary>The folder of a symbol's day files relative to the data directory: <c>BTCUSDT</c> or <c>{exchange}/BTCUSDT</c>.</summary>
    public static string SymbolFolder(string exchange, string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return Prefix(exchange) + symbol;
    }

    /// <summary>
    /// The key that names one recorded symbol everywhere a process, pipe source, journal, status line or config
    /// lookup needs it: the symbol folder (<c>BTCUSDT</c> for the default exchange, <c>binance-spot/BTCUSDT</c> for
    /// another), so the same symbol on two markets never shares a worker, a journal or a file, and every key of an
    /// existing recording is what it was.
    /// </summary>
    public static string Key(string exchange, string symbol) => SymbolFolder(exchange, symbol);

    /// <summary>The exchange and symbol of a <see cref="Key"/>.</summary>
    public static (string Exchange, string Symbol) ParseKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (ExchangeIds.Default, key) : (key[..slash], key[(slash + 1)..]);
    }
}
