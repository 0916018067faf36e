using System.Diagnostics;
using Streamer.Simulator.WebSockets;

namespace Streamer.Simulator.Replay;

/// <summary>
/// Serves one real capture instead of a generated market. It starts when the first client
/// subscribes to a stream that will receive data, sends each recorded envelope byte for byte on
/// the route its stream belongs to, and serves the recorded REST snapshot on /fapi/v1/depth only
/// once the replay has passed the line where it was taken — so a client that follows Binance's
/// buffering procedure sees exactly what the recorder saw.
/// </summary>
internal sealed class ReplayEngine
{
    private readonly string _path;
    private readonly double _speed;
    private readonly StreamRegistry _streams;
    private readonly TaskCompletionSource<byte[]?> _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private long _lines;
    private CancellationToken _stopping;

    private ReplayEngine(string path, double speed, StreamRegistry streams, string symbol)
    {
        _path = path;
        _speed = speed;
        _streams = streams;
        Symbol = symbol;
    }

    /// <summary>The capture's symbol (from its first stream name), upper case.</summary>
    public string Symbol { get; }

    public long Lines => Interlocked.Read(ref _lines);

    public Task Completion => _completed.Task;

    /// <summary>Opens the capture and learns its symbol; throws <see cref="ArgumentException"/> if it is not a capture.</summary>
    public static async Task<ReplayEngine> OpenAsync(string path, double speed, StreamRegistry streams, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"replay file '{path}' does not exist");
        }

        using var reader = new CaptureReader(path);
        for (var i = 0; i < 1000; i++)
        {
            var line = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                break;
            }

            if (CaptureLine.Classify(line.Value.Json) is { IsSnapshot: false, Stream: { } stream } &&
                StreamNames.SymbolOf(stream) is { } symbol)
            {
                return new ReplayEngine(path, speed, streams, symbol);
            }
        }

        throw new ArgumentException($"replay file '{path}' has no '<timestamp> {{\"stream\":...}}' lines");
    }

    /// <summary>The recorded snapshot once reached; null if the capture has none.</summary>
    public Task<byte[]?> SnapshotAsync(CancellationToken cancellationToken) => _snapshot.Task.WaitAsync(cancellationToken);

    public void Attach(CancellationToken stopping)
    {
        _stopping = stopping;
        _streams.FirstDataSubscription += Start;
    }

    private void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(() => RunAsync(_stopping));
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new CaptureReader(_path);
            var clock = Stopwatch.StartNew();
            long? firstMicros = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                firstMicros ??= line.Micros;
                if (_speed > 0)
                {
                    var due = TimeSpan.FromMicroseconds((line.Micros - firstMicros.Value) / _speed);
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (CaptureLine.Classify(line.Json) is { } kind)
                {
                    if (kind.IsSnapshot)
                    {
                        _snapshot.TrySetResult(line.Json);
                    }
                    else if (_streams.Find(StreamNames.RouteOf(kind.Stream!), kind.Stream!) is { HasSubscribers: true } channel)
                    {
                        await channel.PublishAsync(new OutFrame(line.Json, kind.DataOffset, kind.DataLength, true), cancellationToken)
                            .ConfigureAwait(false);
                    }
                }

                Interlocked.Increment(ref _lines);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _snapshot.TrySetResult(null);
            _completed.TrySetResult();
        }
    }
}
