namespace Streamer.History.Dumps;

/// <summary>One dump row converted to a recorded row.</summary>
/// <param name="Key">First column: agg_trade_id, open_time or update_id.</param>
/// <param name="Day">UTC day of the row's day column: the file it belongs to.</param>
/// <param name="Line">The recorded row without its newline: the dump's shared fields byte for byte, then <see cref="DumpType.Tail"/>.</param>
internal readonly record struct DumpRow(long Key, DateOnly Day, string Line);
