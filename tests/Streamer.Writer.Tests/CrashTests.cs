using System.Text;
using Streamer.Core.Streams;
using Streamer.Tests.Support;
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

    /// <summary>
    /// Hourly Parquet parts in the hive layout (<c>parquet_seal: hour</c>): kill -9 under load while the open parts are
    /// csv in the staging folder, then kill -9 in the middle of graceful stops (while the parts are being sealed, one
    /// commit per file, and while hours that are over are sealed in the background after a restart). Every row ends up
    /// in exactly one sealed part, as DuckDB reads them through the documented glob.
    /// </summary>
    [Test]
    public async Task ParquetHourHive_KillNineUnderLoadAndDuringSeals_EveryRowInExactlyOneSealedPart()
    {
        await using var h = new WriterHarness();
        var host = await WriterProcess.StartAsync(h.DataDir, h.Options.PipeName, Program.ParquetHourHive);
        var client = h.Client(maxBufferedBytes: 256 * 1024);
        await client.StartAsync(CancellationToken.None);
        var random = new Random(4242);
        long produced = 0;
        using var stopProducing = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            var rows = new StringBuilder();
            var r = new Random(777);
            while (!stopProducing.IsCancellationRequested)
            {
                // Six hours of a past day, the early ones busier, so six hourly csv files are open at once and all of
                // them are over (close_grace 0): a restart seals those no resend reopens.
                var hour = Math.Min(5, (int)Math.Log2(1 + r.Next(64)));
                var time = Ms(Day1.AddHours(hour).AddMinutes(r.Next(60)));
                rows.Clear();
                var count = r.Next(1, 41);
                for (var i = 0; i < count; i++)
                {
                    rows.Append(AggTrade(++produced, time));
                }

                await client.WriteAsync(StreamType.AggTrade, time, Encoding.UTF8.GetBytes(rows.ToString()), default);
                if (r.Next(20) == 0)
                {
                    await Task.Delay(1);
                }
            }
        });

        var staging = Path.Combine(h.DataDir, ".staging", "BTCUSDT");
        try
        {
            for (var kill = 0; kill < 4; kill++)
            {
                var before = client.LastAcknowledged;
                await Eventually.WaitAsync(() => client.LastAcknowledged > before + 20, "progress before kill " + kill, TimeSpan.FromSeconds(30));
                await Task.Delay(random.Next(0, 30));
                await host.KillAsync();
                if (kill == 0)
                {
                    await File.AppendAllTextAsync(Path.Combine(staging, "aggtrade_BTCUSDT_20250314.h00.csv"), "99999999,1.0,0.5,99");
                }

                host.Dispose();
                host = await WriterProcess.StartAsync(h.DataDir, h.Options.PipeName, Program.ParquetHourHive);
            }

            await stopProducing.CancelAsync();
            await producer;
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await client.DrainAsync(timeout.Token);
            }

            for (var kill = 0; kill < 3; kill++)
            {
                await Task.Delay(random.Next(0, 1500)); // sometimes while the background seals of a restart run
                await host.TerminateThenKillAsync(TimeSpan.FromMilliseconds(random.Next(0, 60)));
                host.Dispose();
                host = await WriterProcess.StartAsync(h.DataDir, h.Options.PipeName, Program.ParquetHourHive);
            }

            // A stop that completes seals what the killed ones left; rows for those hours after it are new csv files, sealed
            // as the next part numbers (never into a sealed part), through one more kill.
            Assert.That(await host.StopAsync(), Is.EqualTo(0), host.Stderr);
            Assert.That(Directory.GetFiles(staging), Is.Empty, "a completed graceful stop seals every csv");
            host.Dispose();
            host = await WriterProcess.StartAsync(h.DataDir, h.Options.PipeName, Program.ParquetHourHive);
            for (var frame = 0; frame < 200; frame++)
            {
                var time = Ms(Day1.AddHours(frame % 6).AddMinutes(30));
                await client.WriteAsync(StreamType.AggTrade, time, Encoding.UTF8.GetBytes(AggTrade(++produced, time) + AggTrade(++produced, time)), default);
            }

            var acknowledged = client.LastAcknowledged;
            await Eventually.WaitAsync(() => client.LastAcknowledged > acknowledged + 50, "late rows acknowledged", TimeSpan.FromSeconds(30));
            await host.KillAsync();
            host.Dispose();
            host = await WriterProcess.StartAsync(h.DataDir, h.Options.PipeName, Program.ParquetHourHive);
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await client.DrainAsync(timeout.Token);
            }

            Assert.That(await host.StopAsync(), Is.EqualTo(0), host.Stderr);
        }
        finally
        {
            host.Dispose();
        }

        var everything = Directory.GetFiles(h.DataDir, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.writer/", StringComparison.Ordinal)).ToList();
        Assert.That(everything.Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal)), Is.Empty, "after a graceful stop only sealed parts are left: no csv, no temporary file");
        Assert.That(everything.Select(Path.GetFileName), Has.All.Match(@"^aggtrade_BTCUSDT_20250314\.h0[0-5]\.p\d{3}\.parquet$"));
        Assert.That(everything.Count(f => f.EndsWith(".p002.parquet", StringComparison.Ordinal)), Is.EqualTo(6), "rows after a seal became part 2 of each hour");
        Assert.That(Directory.Exists(Path.Combine(h.DataDir, "BTCUSDT")), Is.False, "nothing of a hive recording in {SYMBOL}/");
        var glob = $"read_parquet('{h.DataDir}/aggtrade/*/*/*.parquet', hive_partitioning = true)";
        Assert.That(DuckDb.Scalar($"SELECT count(*) FROM {glob}"), Is.EqualTo(produced), "rows");
        Assert.That(DuckDb.Scalar($"SELECT count(DISTINCT agg_trade_id) FROM {glob}"), Is.EqualTo(produced), "every row exactly once");
        Assert.That(DuckDb.Scalar($"SELECT max(agg_trade_id) FROM {glob}"), Is.EqualTo(produced));
        Assert.That(DuckDb.Scalar($"SELECT count(*) FROM {glob[..^1]}, filename = true) WHERE hour(epoch_ms(transact_time)) <> CAST(regexp_extract(filename, '\\.h(\\d\\d)\\.', 1) AS INTEGER)"),
            Is.EqualTo(0L), "rows of hour HH are in .hHH parts");
    }
}
