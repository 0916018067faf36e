namespace Streamer.Simulator.WebSockets;

/// <summary>Stream-name rules: <c>{lowercase symbol}@{type}</c>, e.g. <c>btcusdt@depth@100ms</c>.</summary>
internal static class StreamNames
{
    /// <summary>Lowercases the symbol part, which is how Binance names streams; the type keeps its case.</summary>
    public static string Normalize(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? name : name[..at].ToLowerInvariant() + name[at..];
    }

    /// <summary>The upper-case symbol a stream is about, or null for all-market streams like <c>!forceOrder@arr</c>.</summary>
    public static string? SymbolOf(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 || name[0] == '!' ? null : name[..at].ToUpperInvariant();
    }

    /// <summary>The route that carries a stream type: depth and bookTicker are public, the rest market.</summary>
    public static Route RouteOf(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var type = at < 0 ? name : name[(at + 1)..];
        return type.StartsWith("depth", StringComparison.OrdinalIgnoreCase) ||
               type.StartsWith("bookTicker", StringComparison.OrdinalIgnoreCase)
            ? Route.Public
            : Route.Market;
    }
}
