namespace Streamer.Simulator.Truth;

/// <summary>
/// The ground truth: every event generated, whether or not anyone was connected, exactly as the
/// <c>data</c> object was (or would have been) sent. Flushed every 100 ms, on pause and on stop,
/// so a test can compare what a client recorded with what the exchange produced.
/// </summary>
internal sealed class TruthRecorder : IDisposable
{
    /// <summary>File names, one per stream kind (see the README for what each holds).</summary>
    public static readonly string[] FileNames =
    [
        "aggTrade.jsonl", "trade.jsonl", "depth@0ms.jsonl", "depth@100ms.jsonl", "depth@250ms.jsonl",
        "depth@500ms.jsonl", "depth-withheld.jsonl", "kline_1m.jsonl", "bookTicker.jsonl", "markPrice.jsonl",
        "forceOrder.jsonl",
    ];

    private readonly string _directory;
    private readonly List<TruthFile> _files = [];
    private readonly Timer _timer;
    private int _flushing;

    public TruthRecorder(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _timer = new Timer(_ => FlushFromTimer(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Creates <c>DIR/{symbol}/{fileName}</c> (empty until something is generated).</summary>
    public TruthFile Open(string symbol, string fileName)
    {
        var folder = Path.Combine(_directory, symbol);
        Directory.CreateDirectory(folder);
        var file = new TruthFile(Path.Combine(folder, fileName));
        lock (_files)
        {
            _files.Add(file);
        }

        return file;
    }

    public void FlushAll()
    {
        TruthFile[] files;
        lock (_files)
        {
            files = [.. _files];
        }

        foreach (var file in files)
        {
            file.Flush();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_files)
        {
            foreach (var file in _files)
            {
                file.Dispose();
            }

            _files.Clear();
        }
    }

    private void FlushFromTimer()
    {
        // Timer callbacks can overlap when the disk is slow; one flusher at a time is enough.
        if (Interlocked.Exchange(ref _flushing, 1) == 1)
        {
            return;
        }

        try
        {
            FlushAll();
        }
        catch (IOException)
        {
            // A full or vanished disk must not stop the market; the next flush tries again.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            Volatile.Write(ref _flushing, 0);
        }
    }
}
