using Streamer.History.Running;

namespace Streamer.History.Download;

/// <summary>How fetching one archive ended.</summary>
internal enum FetchStatus
{
    /// <summary>Downloaded (or resumed) and its SHA-256 equals the CHECKSUM file's.</summary>
    Verified,

    /// <summary>404: Binance does not publish it (not listed that day, or not yet).</summary>
    MissingUpstream,

    /// <summary>Every attempt's SHA-256 differed from the CHECKSUM file (or that file was unreadable).</summary>
    ChecksumMismatch,

    /// <summary>Network or server errors on every attempt.</summary>
    Failed,
}

/// <summary>The outcome of <see cref="ArchiveDownloader.FetchAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Path">The verified zip (only when <see cref="FetchStatus.Verified"/>).</param>
/// <param name="Detail">What went wrong, for the summary.</param>
/// <param name="Bytes">Bytes received over the network for it (resumed bytes not counted twice).</param>
internal sealed record FetchResult(FetchStatus Status, string? Path, string Detail, long Bytes)
{
    /// <summary>What the days of an archive that was not verified are in the summary.</summary>
    public DayState FailedState => Status switch
    {
        FetchStatus.MissingUpstream => DayState.MissingUpstream,
        FetchStatus.ChecksumMismatch => DayState.ChecksumMismatch,
        _ => DayState.Failed,
    };
}
