namespace Streamer.Simulator.Dumps;

/// <summary>What can go wrong with one archive of the dumps tree (<see cref="SimulatedExchange.InjectDumpFault"/>).</summary>
public enum DumpFault
{
    /// <summary>Served normally again.</summary>
    None,

    /// <summary>404 for the zip and its CHECKSUM, like a day Binance did not publish.</summary>
    Missing,

    /// <summary>The CHECKSUM names a digest that matches nothing.</summary>
    BadChecksum,

    /// <summary>Only the first half of the zip is served (the CHECKSUM is the whole file's).</summary>
    Truncated,
}
