using NUnit.Framework;
using Streamer.Verify.Running;

namespace Streamer.Verify.Tests;

public class ProgressDisplayTests
{
    [Test]
    public async Task OnATerminal_ShowsFileMegabytesAndRateThenErasesTheLine()
    {
        var progress = new VerifyProgress();
        progress.Plan(10_000_000);
        progress.BeginFile("BTCUSDT/depth_BTCUSDT_20260501.csv");
        progress.Update(2_500_000, 40_000);
        var terminal = new SyncedWriter();
        using var stop = new CancellationTokenSource();

        var display = new ProgressDisplay(progress, terminal, TimeProvider.System).RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!terminal.Text.Contains("rows/s", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await display;

        Assert.That(terminal.Text, Does.Contain("BTCUSDT/depth_BTCUSDT_20260501.csv  2.5/10.0 MB").And.Contain("rows/s"));
        Assert.That(terminal.Text, Does.EndWith("\r\u001b[K"));
    }

    [Test]
    public async Task RedirectedRun_WritesNoProgress()
    {
        using var data = new Recording();
        data.Write(Core.Streams.StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 3));

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.Error, Is.Empty);
    }

    private sealed class SyncedWriter : StringWriter
    {
        private readonly Lock _lock = new();

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return ToString();
                }
            }
        }

        public override Task WriteAsync(string? value)
        {
            lock (_lock)
            {
                Write(value);
            }

            return Task.CompletedTask;
        }
    }
}
