using System.Text.Json;

namespace Streamer.Simulator.Tests.Support;

/// <summary>The data objects a combined-stream client received, by stream name (spot bookTicker has no "e").</summary>
internal static class Combined
{
    public static List<JsonElement> Data(this TestClient client, string stream) => client.Messages
        .Select(TestClient.Parse).OfType<JsonElement>()
        .Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("stream", out var s) && s.GetString() == stream)
        .Select(m => m.GetProperty("data"))
        .ToList();

    public static string[] Names(this JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>Options with COIN-M BTCUSD_PERP and spot BTCUSDT next to the usual USD-M symbols.</summary>
    public static SimulatorOptions AllMarkets(double rate = 200, double clockSpeed = 1) =>
        Sim.Options(rate, clockSpeed) with { CoinMSymbols = ["BTCUSD_PERP"], SpotSymbols = ["BTCUSDT"] };
}
