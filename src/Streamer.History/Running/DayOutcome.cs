using Streamer.History.Dumps;

namespace Streamer.History.Running;

/// <summary>What happened to one requested day of one symbol and dump type.</summary>
internal enum DayState
{
    /// <summary>download: the day's file was written from the dump.</summary>
    Written,

    /// <summary>download: the day already has a file (recorded or downloaded before); not touched.</summary>
    Present,

    /// <summary>fill: missing rows were inserted into the day (or its missing file written).</summary>
    Filled,

    /// <summary>fill: the dump has none of the missing ids either; nothing to insert.</summary>
    NotInDump,

    /// <summary>fill: today's (or a just-closed) day, which the running recorder's writer owns.</summary>
    Open,

    /// <summary>Binance does not publish the archive (404), or it holds no row of that day.</summary>
    MissingUpstream,

    /// <summary>The archive never matched its CHECKSUM; nothing written.</summary>
    ChecksumMismatch,

    /// <summary>Network errors, an unreadable dump, or a day file fill must not touch.</summary>
    Failed,
}

/// <summary>One line of the summary (before days in a row with the same outcome are joined).</summary>
internal sealed record DayOutcome(string Symbol, DumpType Type, DateOnly Day, DayState State, long Rows, string Detail)
{
    /// <summary>A requested day that could not be fetched, verified or written: the run exits 1.</summary>
    public bool IsError => State is DayState.MissingUpstream or DayState.ChecksumMismatch or DayState.Failed;
}
