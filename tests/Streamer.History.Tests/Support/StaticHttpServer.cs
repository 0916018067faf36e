using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Streamer.History.Tests.Support;

/// <summary>
/// A tiny static file server on 127.0.0.1 over a folder, with nothing to do with the product's simulator:
/// GET of a file (404 when absent), <c>Range: bytes=N-</c> answered with 206, and one scripted
/// interruption (send the first bytes of a file, then stall until released, or drop the connection).
/// </summary>
internal sealed class StaticHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly string _root;
    private readonly Task _loop;
    private Interruption? _interruption;

    private StaticHttpServer(HttpListener listener, string root, int port)
    {
        _listener = listener;
        _root = root;
        BaseUrl = $"http://127.0.0.1:{port}/";
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Every request: path and Range header (empty when none).</summary>
    public ConcurrentQueue<(string Path, string Range)> Requests { get; } = new();

    public static StaticHttpServer Start(string root)
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new StaticHttpServer(listener, root, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// The next request for a path ending with <paramref name="pathSuffix"/> gets only its first
    /// <paramref name="bytes"/> bytes; then the connection is dropped, at once or when <paramref name="release"/> completes.
    /// </summary>
    public void InterruptNext(string pathSuffix, int bytes, Task? release = null) => _interruption = new Interruption(pathSuffix, bytes, release);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        var range = context.Request.Headers["Range"] ?? "";
        Requests.Enqueue((path, range));
        var response = context.Response;
        try
        {
            var file = Path.Combine(_root, Uri.UnescapeDataString(path).Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(file))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            var bytes = await File.ReadAllBytesAsync(file);
            long from = 0;
            if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-') && long.TryParse(range[6..^1], out var start))
            {
                if (start >= bytes.Length)
                {
                    response.StatusCode = 416;
                    response.Close();
                    return;
                }

                from = start;
                response.StatusCode = 206;
                response.AddHeader("Content-Range", $"bytes {from}-{bytes.Length - 1}/{bytes.Length}");
            }

            response.ContentLength64 = bytes.Length - from;
            if (_interruption is { } cut && path.EndsWith(cut.PathSuffix, StringComparison.Ordinal) && Interlocked.CompareExchange(ref _interruption, null, cut) == cut)
            {
                await response.OutputStream.WriteAsync(bytes.AsMemory((int)from, cut.Bytes));
                await response.OutputStream.FlushAsync();
                if (cut.Release is not null)
                {
                    await cut.Release;
                }

                response.Abort();
                return;
            }

            await response.OutputStream.WriteAsync(bytes.AsMemory((int)from));
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away (killed by the test): nothing to answer.
            response.Abort();
        }
    }

    private sealed record Interruption(string PathSuffix, int Bytes, Task? Release);
}
