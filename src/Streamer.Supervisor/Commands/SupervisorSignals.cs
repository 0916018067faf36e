using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Streamer.Supervisor.Logging;

namespace Streamer.Supervisor.Commands;

/// <summary>
/// Signals of the supervisor: the first SIGINT or SIGTERM starts the graceful stop, a second one kills
/// every child at once; SIGHUP reloads the configuration.
/// </summary>
internal sealed class SupervisorSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _stops;

    public SupervisorSignals(ILogger log, Action stop, Action killNow, Action reload)
    {
        void OnStop(PosixSignalContext context)
        {
            context.Cancel = true;
            var name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
            if (Interlocked.Increment(ref _stops) == 1)
            {
                SupervisorLog.SignalReceived(log, name);
                stop();
            }
            else
            {
                SupervisorLog.SecondSignal(log, name);
                killNow();
            }
        }

        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStop));
        if (!OperatingSystem.IsWindows())
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                reload();
            }));
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
