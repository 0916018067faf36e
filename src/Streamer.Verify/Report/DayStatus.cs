namespace Streamer.Verify.Report;

/// <summary>Verdict on one symbol, stream and day.</summary>
internal enum DayStatus
{
    Ok,
    Warning,
    Fail,
}
