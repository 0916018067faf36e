namespace Streamer.Verify.Report;

/// <summary>How much a finding matters: only errors make <c>streamer verify</c> fail.</summary>
internal enum Severity
{
    /// <summary>Worth knowing, not a problem (a gap the recorder itself reported).</summary>
    Note,

    /// <summary>Suspicious but possibly fine (a torn last line of a file still being written).</summary>
    Warning,

    /// <summary>The data cannot be trusted as it is.</summary>
    Error,
}
