namespace Streamer.Simulator.Tests.Support;

/// <summary>Test defaults: port 0, bursts off, a fixed seed.</summary>
internal static class Sim
{
    public static SimulatorOptions Options(double rate = 200, double clockSpeed = 1) => new()
    {
        Port = 0,
        Seed = 42,
        Symbols = ["BTCUSDT", "ETHUSDT"],
        DefaultEventsPerSecond = rate,
        ClockSpeed = clockSpeed,
        BurstMultiplier = 1,
    };

    public static Task<SimulatedExchange> StartAsync(SimulatorOptions options) => SimulatedExchange.StartAsync(options, CancellationToken.None);

    public static Task<SimulatedExchange> StartAsync(double rate = 200, double clockSpeed = 1) => StartAsync(Options(rate, clockSpeed));

    public static Uri Ws(Uri routeBase, string suffix) => new($"{routeBase}{suffix}");
}
