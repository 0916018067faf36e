using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;
using Streamer.Tests.Support;

namespace Streamer.IntegrationTests;

/// <summary>
/// Issue 16: a recording with <c>storage.format: parquet</c>, read back by DuckDB and converted to CSV, passes the
/// same ground-truth checks as a CSV recording, through kill -9 of the writer, a restart and a connection drop.
/// </summary>
[NonParallelizable]
public class ParquetEndToEndTests
{
    private static readonly string[] Two = ["BTCUSDT", "ETHUSDT"];

    [Test, CancelAfter(180_000)]
    public async Task ParquetHive_ThroughWriterKillsARestartAndADrop_DuckDbReadsEveryRowOnce_ExactDecimals(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(
            Two,
            streams: "[aggtrade, depth, bookticker]",
            storage: "  format: parquet\n  layout: hive\n",
            supervisor: "  restart_max_delay: 500ms\n  crash_loop_restarts: 1000\n",
            ct: ct);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(60));

        // kill -9 of the writer while the open parts are csv: exactly once must hold into the sealed parts.
        var writer = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "writer", null, TimeSpan.FromSeconds(10));
        for (var kill = 0; kill < 3; kill++)
        {
            Signals.Send(writer, Signals.SigKill);
            writer = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "writer", null, TimeSpan.FromSeconds(30), notPid: writer);
            await run.WaitForMoreTradesAsync(10, TimeSpan.FromSeconds(30));
        }

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(60));
        AssertEverythingSealed(run.DataDir);
        var firstRunLast = Two.ToDictionary(s => s, s => ParquetAsCsv.Parts(run.DataDir, s, "aggtrade").Count);
        var firstRunDepthParts = Two.ToDictionary(s => s, s => ParquetAsCsv.Parts(run.DataDir, s, "depth").ToHashSet());

        // Second run on the same data: the worker resumes after the last trade of the sealed parts (REST backfill).
        run.Exchange.Resume();
        using (var second = StreamerProcess.Start(run.Workspace.Root, "-c", run.Workspace.ConfigPath))
        {
            await Eventually.UntilAsync(() => Two.All(s => Recorded.RowCount(run.DataDir, s, "aggtrade") >= 20), TimeSpan.FromSeconds(60),
                "trades of the second run", () => second.Output);
            Assert.That(run.Exchange.DropConnections(), Is.GreaterThan(0), "connections to drop");
            await Eventually.UntilAsync(() => Two.All(s => Recorded.RowCount(run.DataDir, s, "aggtrade") >= 50), TimeSpan.FromSeconds(60),
                "trades after the drop", () => second.Output);
            await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(60), second);
        }

        AssertEverythingSealed(run.DataDir);
        var asCsv = Path.Combine(run.Workspace.Root, "as-csv");
        var firstRunDepth = Path.Combine(run.Workspace.Root, "as-csv-run1");
        foreach (var symbol in Two)
        {
            Assert.That(ParquetAsCsv.Parts(run.DataDir, symbol, "aggtrade"), Has.Count.GreaterThan(firstRunLast[symbol]), $"{symbol}: the second run sealed a new part");
            foreach (var stream in new[] { "aggtrade", "depth", "bookticker", "events" })
            {
                ParquetAsCsv.Convert(run.DataDir, asCsv, symbol, stream);
            }

            // Trades: complete across both runs, the stop and the drop (backfilled over REST after the last sealed trade).
            // Depth has no backfill; it is complete through the writer kills of the first run (a drop resyncs it).
            GroundTruthCheck.AggTradesComplete(asCsv, run.TruthDir, symbol);
            ParquetAsCsv.Convert(run.DataDir, firstRunDepth, symbol, "depth", firstRunDepthParts[symbol].Contains);
            GroundTruthCheck.DepthComplete(firstRunDepth, run.TruthDir, symbol, throughLastGenerated: false);
            var tickers = Recorded.Rows(asCsv, symbol, "bookticker").Select(r => r[0]).ToList();
            Assert.That(tickers.Distinct().Count(), Is.EqualTo(tickers.Count), $"{symbol}: duplicate bookTicker rows");

            foreach (var part in ParquetAsCsv.Parts(run.DataDir, symbol, "depth").Concat(ParquetAsCsv.Parts(run.DataDir, symbol, "aggtrade")))
            {
                var types = DuckDb.Columns(part).ToDictionary(c => c.Name, c => c.Type);
                Assert.That(types["price"], Does.StartWith("DECIMAL("), $"{part}: price");
                Assert.That(types["quantity"], Does.StartWith("DECIMAL("), $"{part}: quantity");
                Assert.That(types["local_time_us"], Is.EqualTo("BIGINT"), $"{part}: local_time_us");
            }
        }

        // verify reads the parts like csv, and finds the whole recording clean: depth breaks at the restart and the
        // drop are resynced by snapshots (the restart's by the drop's when the drop came first).
        var (verifyExit, verifyOut, verifyErr) = await StreamerProcess.RunAsync(run.Workspace.Root, TimeSpan.FromSeconds(60), "verify", "-c", run.Workspace.ConfigPath);
        Assert.That(verifyOut + verifyErr, Does.Not.Contain("could not be read"), verifyOut + verifyErr); // no csv is left: rows come from the parts
        Assert.That(verifyExit, Is.Zero, "streamer verify reads the Parquet recording and finds it clean\n" + verifyOut + verifyErr);

        var trades = DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{run.DataDir}/aggtrade/*/*/*.parquet', hive_partitioning = true) WHERE symbol = 'BTCUSDT'");
        Assert.That(trades, Is.EqualTo((long)Recorded.RowCount(asCsv, "BTCUSDT", "aggtrade")), "the documented hive query sees every trade");
    }

    /// <summary>
    /// After a graceful stop every row is in a sealed part: no csv or temporary file in the hive tree or in the staging
    /// folder of the open parts (the writer's own state folders aside), every part hourly (the default
    /// <c>parquet_seal: hour</c>), and nothing of the hive recording in <c>{SYMBOL}/</c>.
    /// </summary>
    private static void AssertEverythingSealed(string dataDir)
    {
        var files = Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dataDir, f))
            .Where(f => !f.StartsWith('.') || f.StartsWith(".staging/", StringComparison.Ordinal))
            .ToList();
        Assert.That(files.Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal)), Is.Empty, "after a graceful stop every row is in a sealed .parquet file");
        Assert.That(files.Select(Path.GetFileName), Has.All.Match(@"_\d{8}\.h\d{2}\.p\d{3}\.parquet$"), "hourly parts");
        Assert.That(Two.Where(s => Directory.Exists(Path.Combine(dataDir, s))), Is.Empty, "nothing of a hive recording in {SYMBOL}/");
    }
}
