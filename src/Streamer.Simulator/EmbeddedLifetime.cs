using Microsoft.Extensions.Hosting;

namespace Streamer.Simulator;

/// <summary>
/// Replaces the host's ConsoleLifetime, which would grab SIGINT/SIGTERM and stop Kestrel behind
/// our back. The process that embeds the exchange (the streamer executable, a test) owns signals
/// and stops us through the cancellation token or DisposeAsync.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
