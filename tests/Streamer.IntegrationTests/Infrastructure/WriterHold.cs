using Streamer.Core.Processes;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps the writer down the way an operator's worst day would: every writer process the supervisor starts is
/// killed (-9) as soon as it appears, until <see cref="DisposeAsync"/>. Counts the kills.
/// </summary>
internal sealed class WriterHold : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _kills;

    public WriterHold(int supervisorPid) => _loop = Task.Run(() => LoopAsync(supervisorPid));

    public int Kills => Volatile.Read(ref _kills);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LoopAsync(int supervisorPid)
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var writer in ProcessTree.Children(supervisorPid, "writer"))
            {
                Signals.Send(writer.Pid, Signals.SigKill);
                Interlocked.Increment(ref _kills);
            }

            try
            {
                await Task.Delay(15, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
