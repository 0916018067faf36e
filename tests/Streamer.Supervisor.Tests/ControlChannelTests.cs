using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Supervisor.Control;

namespace Streamer.Supervisor.Tests;

public class ControlChannelTests
{
    private static string PipeName() => "stmr-t" + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task ARequest_GetsTheHandlersAnswer_ManyTimesInARow()
    {
        var name = PipeName();
        var seen = new List<string>();
        var server = new ControlServer(name, (request, _) =>
        {
            lock (seen)
            {
                seen.Add(request);
            }

            return Task.FromResult("{\"echo\":\"" + request + "\"}");
        }, NullLogger.Instance);
        await using (server)
        {
            server.Start();
            for (var i = 0; i < 3; i++)
            {
                var answer = await ControlClient.RequestAsync(name, ControlProtocol.Status, TimeSpan.FromSeconds(10), CancellationToken.None);
                Assert.That(answer, Is.EqualTo("{\"echo\":\"status\"}"));
            }
        }

        Assert.That(seen, Is.EqualTo(new[] { "status", "status", "status" }));
    }

    [Test]
    public void NobodyListening_IsAnErrorNotAHang()
    {
        Assert.That(async () => await ControlClient.RequestAsync(PipeName(), ControlProtocol.Status, TimeSpan.FromMilliseconds(500), CancellationToken.None),
            Throws.InstanceOf<TimeoutException>().Or.InstanceOf<IOException>());
    }
}
