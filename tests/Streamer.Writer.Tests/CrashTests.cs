using System.Text;
using Streamer.Core.Streams;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>kill -9 of a real writer process: no row lost, none doubled, none torn.</summary>
public class CrashTests
{
    [Test]
    public async Task KillNineAtRandomMomentsUnderLoad_EveryRowExactlyOnce_NoTornLine()
    {
        await using var h = new WriterHarness();
        var host = await WriterProcess.StartAsync(h.DataDir, h.Options.PipeName);
        var client = h.Client(maxBufferedBytes: 256 * 1024);
        await client.StartAsync(CancellationToken.None);
        var day2 = Day1.AddDays(1);
        var random = new Random(12345);
        long produced = 0;
        using var stopProducing = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            var rows = new StringBuilder();
            var r = new Random(6789);
            while (!stopProducing.IsCancellationRequested)
            {
                // Frames of 1..40 rows, alternating between two days so several files are open at once.
                var day = r.Next(4) == 0 ? Day1 : day2;
                rows.Clear();
                var count = r.Next(1, 41);
                for (var i = 0; i < count; i++)
                {
                    rows.Append(AggTrade(++produced, Ms(day)));
                }

                await client.WriteAsync(StreamType.AggTrade, Ms(day), Encoding.UTF8.GetBytes(rows.ToString()), default);
                if (r.Next(20) == 0)
                {
                    await Task.Delay(1);
                }
            }
        });

        try
        {
            for (var kill = 0; kill < 5; kill++)
            {
                var before = client.LastAcknowledged;
                await Eventually.WaitAsync(() => client.LastAcknowledged > before + 20, "progress before kill " + kill, TimeSpan.FromSeconds(30));
                await Task.Delay(random.Next(0, 30));
                await host.KillAsync();
                if (kill == 0)
                {
                    // Whatever the kill left, also plant a torn row the restart must cut.
                    await File.AppendAllTextAsync(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, day2), "99999999,1.0,0.5,99");
                }

                host.Dispose();
                host = await WriterProcess.StartAsync(h.DataDir, h.Options.PipeName);
            }

            await stopProducing.CancelAsync();
            await producer;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.DrainAsync(timeout.Token);
            Assert.That(await host.StopAsync(), Is.EqualTo(0), host.Stderr);
        }
        finally
        {
            host.Dispose();
        }

        var files = new[] { DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1), DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, day2) };
        var all = new List<long>();
        foreach (var file in files)
        {
            var lines = await File.ReadAllLinesAsync(file);
            Assert.That(lines[0], Is.EqualTo(StreamCatalog.AggTrade.Header), file);
            Assert.That(lines.Skip(1).Where(l => l.Split(',').Length != 9), Is.Empty, "torn lines in " + file);
            Assert.That(await File.ReadAllTextAsync(file), Does.EndWith("\n"));
            var ids = Ids(file);
            Assert.That(ids, Is.Ordered.Ascending.And.Unique, file);
            all.AddRange(ids);
        }

        all.Sort();
        Assert.That(all, Is.EqualTo(Enumerable.Range(1, (int)produced).Select(i => (long)i)), "every row exactly once");
    }
}
