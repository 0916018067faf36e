using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Pipes.Framing;
using Streamer.Core.Status;
using Streamer.Pipes.Clients;
using Streamer.Pipes.Journal;

namespace Streamer.Writer.Tests.Support;

/// <summary>A temp data directory, a unique pipe name, and an in-process writer that can be started and stopped.</summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    private CancellationTokenSource? _stop;
    private Task<int>? _run;
    private readonly List<WriterClient> _clients = [];

    public WriterHarness(Func<WriterOptions, WriterOptions>? configure = null)
    {
        DataDir = Path.Combine(Path.GetTempPath(), "stmr-wt-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(DataDir);
        var options = new WriterOptions
        {
            DataDir = DataDir,
            PipeName = "stmr-t-" + Guid.NewGuid().ToString("N")[..10],
            FlushInterval = TimeSpan.FromMilliseconds(10),
            DiskRetryInterval = TimeSpan.FromMilliseconds(100),
            StatusInterval = TimeSpan.FromMilliseconds(50),
            PublishStatus = s => LastStatus = s,
        };
        Options = configure is null ? options : configure(options);
    }

    public string DataDir { get; }

    public WriterOptions Options { get; set; }

    public TestLog Log { get; } = new();

    public WriterServer? Server { get; private set; }

    public ChildStatus? LastStatus { get; private set; }

    /// <summary>Where the clients' journals live (a sibling of the data directory: the writer never looks there).</summary>
    public string JournalDataDir => Path.Combine(DataDir, "..", Path.GetFileName(DataDir) + "-journals");

    public string JournalDir(string symbol = "BTCUSDT") => JournalPaths.For(JournalDataDir, Hello.ForWorker(symbol).Source);

    public async Task StartAsync()
    {
        _stop = new CancellationTokenSource();
        Server = new WriterServer(Options, Log);
        _run = Server.RunAsync(_stop.Token);
        var ready = await Task.WhenAny(Server.Ready, _run, Task.Delay(TimeSpan.FromSeconds(20)));
        if (ready != Server.Ready)
        {
            Log.Dump();
            Assert.Fail("writer did not become ready");
        }

        await Server.Ready;
    }

    /// <summary>Graceful stop; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (_run is null)
        {
            return 0;
        }

        await _stop!.CancelAsync();
        var code = await _run.WaitAsync(TimeSpan.FromSeconds(30));
        _stop.Dispose();
        _run = null;
        return code;
    }

    public WriterClient Client(string symbol = "BTCUSDT", long maxBufferedBytes = 1 << 20, ILoggerFactory? log = null, TimeSpan gatherWindow = default)
    {
        var client = new WriterClient(Options.PipeName, Hello.ForWorker(symbol), maxBufferedBytes, JournalDir(symbol),
            (log ?? Log).CreateLogger("client " + symbol), TimeProvider.System) { GatherWindow = gatherWindow };
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
        {
            await c.DisposeAsync();
        }

        await StopAsync();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            Log.Dump();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
            if (Directory.Exists(JournalDataDir))
            {
                Directory.Delete(JournalDataDir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    public static ILoggerFactory Quiet => NullLoggerFactory.Instance;
}
