namespace Streamer.Core;

/// <summary>Process exit codes (DESIGN section 6), plus the codes children use to talk to the supervisor.</summary>
public static class ExitCodes
{
    /// <summary>Success, including a graceful stop.</summary>
    public const int Ok = 0;

    /// <summary>Runtime failure.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad configuration.</summary>
    public const int Usage = 2;

    /// <summary>Not running (<c>--daemon status</c>/<c>stop</c>).</summary>
    public const int NotRunning = 3;

    /// <summary>
    /// A worker's symbol does not exist on the exchange. Restarting cannot help, so the supervisor
    /// reports it and does not restart that worker (no crash loop).
    /// </summary>
    public const int SymbolRejected = 10;

    /// <summary>
    /// A child stopped with frames that could be neither written nor journalled (its log names the count):
    /// the supervisor's own exit code is then a failure.
    /// </summary>
    public const int FramesLost = 11;
}
