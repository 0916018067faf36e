using System.Threading.Channels;

namespace Streamer.Core.Threading;

/// <summary>
/// An auto-reset wake-up for one waiting loop: any number of <see cref="Set"/> calls before the loop
/// waits again collapse into one wake-up. Never blocks the caller of <see cref="Set"/>.
/// </summary>
public sealed class AsyncSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Set() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken ct) => await _channel.Reader.ReadAsync(ct).ConfigureAwait(false);
}
