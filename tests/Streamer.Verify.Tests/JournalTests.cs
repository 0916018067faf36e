using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Pipes.Clients;
using Streamer.Pipes.Journal;

namespace Streamer.Verify.Tests;

/// <summary>Rows a recorder received and journalled but never wrote make the files incomplete: verify says so.</summary>
public class JournalTests
{
    [Test]
    public async Task JournalledFramesNeverWritten_AreReported_AndFailTheRun()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 100));
        var hello = Hello.ForWorker(Recording.Symbol);
        var client = new WriterClient("stmr-no-writer-" + Guid.NewGuid().ToString("N")[..8], hello, 1024, JournalPaths.For(data.Path, hello.Source),
            NullLogger.Instance, TimeProvider.System);
        await client.StartAsync(CancellationToken.None);
        for (var id = 101; id <= 130; id++)
        {
            await client.WriteAsync(StreamType.AggTrade, Recording.Ms(Recording.Day1, 100), Encoding.UTF8.GetBytes(Recording.AggTrade(id, Recording.Ms(Recording.Day1, 100)) + "\n"), default);
        }

        Assert.That((await client.CloseAsync()).Journalled, Is.EqualTo(30));

        var run = await VerifyRun.StartAsync(data.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("30 frame(s) of worker:BTCUSDT were received and journalled"));

        var (code, json) = await VerifyRun.JsonAsync(data.Path);
        Assert.That(code, Is.EqualTo(1));
        var journal = json.GetProperty("unwritten_journals").EnumerateArray().Single();
        Assert.That(journal.GetProperty("frames").GetInt64(), Is.EqualTo(30));
        Assert.That(journal.GetProperty("symbol").GetString(), Is.EqualTo("BTCUSDT"));
    }
}
