using System.Net.Http;
using System.Text.Json;
using Streamer.Simulator;

namespace Streamer.Bench.Infrastructure;

/// <summary>The in-process simulated exchange a benchmark records from, and the symbol names it lists.</summary>
internal static class BenchExchange
{
    private static IReadOnlyList<string>? _listed;

    /// <summary>
    /// Starts a steady market (no bursts unless asked) of <paramref name="symbols"/>, each at
    /// <paramref name="transactionsPerSecond"/> order-book transactions per second.
    /// </summary>
    public static Task<SimulatedExchange> StartAsync(IReadOnlyList<string> symbols, double transactionsPerSecond, string? truthDir, CancellationToken ct, double burst = 1) =>
        SimulatedExchange.StartAsync(new SimulatorOptions
        {
            Symbols = symbols,
            Seed = 7,
            DefaultEventsPerSecond = transactionsPerSecond,
            BurstMultiplier = burst,
            TruthDirectory = truthDir,
            // A full-rate run may briefly queue more than Binance would; a slow client is still a loss.
            SendQueueCapacity = 20_000,
        }, ct);

    /// <summary>The first <paramref name="count"/> symbols exchangeInfo lists (real USD-M perpetuals first, then generated names).</summary>
    public static async Task<IReadOnlyList<string>> SymbolsAsync(int count, CancellationToken ct)
    {
        if (_listed is null)
        {
            await using var exchange = await StartAsync(["BTCUSDT"], 1, null, ct).ConfigureAwait(false);
            using var http = new HttpClient();
            await using var body = await http.GetStreamAsync(new Uri(exchange.RestBaseUrl, "/fapi/v1/exchangeInfo"), ct).ConfigureAwait(false);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: ct).ConfigureAwait(false);
            _listed = [.. doc.RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!)];
        }

        if (count > _listed.Count)
        {
            throw new ArgumentException($"the simulated exchange lists {_listed.Count} symbols, not {count}");
        }

        return [.. _listed.Take(count)];
    }

    /// <summary>Messages sent so far and, per symbol, the newest aggTrade id and book update id.</summary>
    public static (long Messages, Dictionary<string, (long AggTrade, long Update)> Ids, long SlowClients) Snapshot(SimulatedExchange exchange)
    {
        var stats = exchange.GetStats();
        return (stats.MessagesSent, stats.Symbols.ToDictionary(s => s.Key, s => (s.Value.LastAggTradeId, s.Value.LastUpdateId)), stats.SlowClientDisconnects);
    }
}
