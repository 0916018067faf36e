using System.Globalization;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>Issue 5: kill -9 of the writer at random moments loses, duplicates and tears nothing.</summary>
[NonParallelizable]
public class WriterCrashTests
{
    private static readonly string[] Two = ["BTCUSDT", "ETHUSDT"];

    [Test, CancelAfter(240_000)]
    public async Task WriterKilledTwentyTimes_EveryRowExactlyOnce_NoTornLine(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(
            Two,
            o => o with { DefaultEventsPerSecond = 400 }, // ~1,000 messages/s per symbol
            streams: "[aggtrade, depth, bookticker]",
            supervisor: "  restart_max_delay: 500ms\n  crash_loop_restarts: 1000\n",
            ct: ct);
        await run.WaitForMoreTradesAsync(50, TimeSpan.FromSeconds(60));

        var random = new Random(20);
        var writer = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "writer", null, TimeSpan.FromSeconds(10));
        for (var kill = 0; kill < 20; kill++)
        {
            await Task.Delay(random.Next(50, 600), ct); // a random moment, not a condition: where the kill lands is the point
            Signals.Send(writer, Signals.SigKill);
            writer = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "writer", null, TimeSpan.FromSeconds(30), notPid: writer);
        }

        await run.WaitForMoreTradesAsync(50, TimeSpan.FromSeconds(60));
        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(60));

        foreach (var symbol in Two)
        {
            GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, symbol);
            GroundTruthCheck.DepthComplete(run.DataDir, run.TruthDir, symbol);
            foreach (var stream in new[] { "aggtrade", "depth", "bookticker" })
            {
                foreach (var file in Recorded.Files(run.DataDir, symbol, stream))
                {
                    var text = await File.ReadAllTextAsync(file, ct);
                    Assert.That(text, Does.EndWith("\n"), $"{file}: torn last line");
                    var width = text[..text.IndexOf('\n', StringComparison.Ordinal)].Split(',').Length;
                    var bad = text.TrimEnd('\n').Split('\n').Select((l, i) => (l, i)).Where(x => x.l.Split(',').Length != width).Take(3).ToList();
                    Assert.That(bad, Is.Empty, $"{file}: rows with the wrong number of fields (torn or glued)");
                }
            }

            var tickers = Recorded.Rows(run.DataDir, symbol, "bookticker").Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
            Assert.That(tickers.Distinct().Count(), Is.EqualTo(tickers.Count), $"{symbol}: duplicate bookTicker rows");
        }
    }
}
