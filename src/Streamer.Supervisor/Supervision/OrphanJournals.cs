using Microsoft.Extensions.Logging;
using Streamer.Supervisor.Logging;
using Streamer.Pipes.Clients;
using Streamer.Pipes.Journal;

namespace Streamer.Supervisor.Supervision;

/// <summary>
/// Delivers the journals no child will: those of sources that are no longer configured (a symbol removed from
/// config.yaml while the writer was down, the order book disabled). Nothing received is stranded. A source that
/// becomes configured again is released to its worker. One writer link per journal, opened here in the supervisor;
/// a journal still owned by a stopping child is simply waited for.
/// </summary>
internal sealed class OrphanJournals(string dataDir, string writerPipe, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>Memory per link: orphans only replay their journal, they produce nothing new.</summary>
    private const long MemoryBytes = 256 * 1024;

    private readonly Dictionary<string, (WriterClient Client, Task Delivery)> _active = new(StringComparer.Ordinal);
    private readonly ILogger _log = loggers.CreateLogger("supervisor");
    private readonly Lock _gate = new();

    /// <summary>
    /// Starts delivering every journal with frames whose source is not in <paramref name="owned"/> (the sources the
    /// current configuration runs), and releases the ones that are owned again. Cheap: a directory listing.
    /// </summary>
    public async Task ScanAsync(IReadOnlySet<string> owned, CancellationToken ct)
    {
        var release = new List<WriterClient>();
        foreach (var directory in JournalPaths.All(dataDir))
        {
            if (JournalInspector.ReadIdentity(directory) is not { } identity)
            {
                continue;
            }

            lock (_gate)
            {
                if (owned.Contains(identity.Source))
                {
                    if (_active.Remove(identity.Source, out var running))
                    {
                        release.Add(running.Client);
                    }

                    continue;
                }

                if (_active.ContainsKey(identity.Source) || !JournalInspector.HasSegments(directory))
                {
                    continue;
                }

                var client = new WriterClient(writerPipe, identity, MemoryBytes, directory, loggers.CreateLogger("supervisor." + identity.Source), time);
                _active[identity.Source] = (client, DeliverAsync(client, ct));
            }
        }

        foreach (var client in release)
        {
            await client.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends every delivery: what the writer has not acknowledged stays journalled for the next run.</summary>
    public async Task<IReadOnlyList<(string Source, HandoffResult Result)>> CloseAllAsync()
    {
        List<(WriterClient Client, Task Delivery)> all;
        lock (_gate)
        {
            all = [.. _active.Values];
            _active.Clear();
        }

        var results = new List<(string, HandoffResult)>();
        foreach (var (client, delivery) in all)
        {
            results.Add((client.Source, await client.CloseAsync().ConfigureAwait(false)));
            await delivery.ConfigureAwait(false);
        }

        return results;
    }

    private async Task DeliverAsync(WriterClient client, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await client.StartAsync(ct).ConfigureAwait(false);
            var frames = client.UnacknowledgedCount;
            SupervisorLog.OrphanJournalDelivering(_log, client.Source, frames);
            await client.DrainAsync(ct).ConfigureAwait(false);
            SupervisorLog.OrphanJournalDelivered(_log, client.Source, frames);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return; // Stopping or released: the journal keeps what is left.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SupervisorLog.OrphanJournalFailed(_log, client.Source, e.Message);
        }

        bool mine;
        lock (_gate)
        {
            mine = _active.TryGetValue(client.Source, out var entry) && ReferenceEquals(entry.Client, client);
            if (mine)
            {
                _active.Remove(client.Source);
            }
        }

        if (mine)
        {
            await client.CloseAsync().ConfigureAwait(false);
        }
    }
}
