using System.Runtime.InteropServices;

namespace Streamer;

/// <summary>
/// Ctrl+C (SIGINT) cancels a foreground command's token instead of ending the process at once, so the
/// command can stop cleanly and say what it did.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _registration;

    public CtrlC() => _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
    {
        context.Cancel = true;
        _stop.Cancel();
    });

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _stop.Dispose();
    }
}
