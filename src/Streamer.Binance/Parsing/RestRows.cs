namespace Streamer.Binance.Parsing;

/// <summary>One CSV row made from a REST response, with what continuity logic needs to know about it.</summary>
/// <param name="Id">aggTrade id, kline open time, or snapshot last update id.</param>
/// <param name="ExchangeTimeMs">Exchange time that picks the row's UTC day file.</param>
/// <param name="Offset">Start of the row in <see cref="RestRows.Bytes"/>.</param>
/// <param name="Length">Length of the row including its newline.</param>
public readonly record struct RestRow(long Id, long ExchangeTimeMs, int Offset, int Length);

/// <summary>CSV rows parsed from one REST response, in the order the exchange sent them.</summary>
/// <param name="Bytes">All rows, concatenated.</param>
/// <param name="Rows">Where each row is, with its id and time.</param>
public sealed record RestRows(ReadOnlyMemory<byte> Bytes, IReadOnlyList<RestRow> Rows)
{
    /// <summary>No rows.</summary>
    public static RestRows Empty { get; } = new(ReadOnlyMemory<byte>.Empty, []);

    /// <summary>The bytes of one row.</summary>
    public ReadOnlyMemory<byte> RowBytes(RestRow row) => Bytes.Slice(row.Offset, row.Length);
}

/// <summary>A parsed depth snapshot (<c>/fapi/v1/depth</c>, <c>/dapi/v1/depth</c>, <c>/api/v3/depth</c>).</summary>
/// <param name="LastUpdateId">The snapshot's <c>lastUpdateId</c>.</param>
/// <param name="EventTimeMs"><c>E</c>, or the local receive time in ms where the exchange sends none (spot): it picks the day file, so it is always a real time.</param>
/// <param name="TransactTimeMs"><c>T</c>, or <paramref name="EventTimeMs"/> where the exchange sends none.</param>
/// <param name="Bids">Bid levels.</param>
/// <param name="Asks">Ask levels.</param>
/// <param name="Rows">
/// depth_snapshot rows: last_update_id,event_time,transact_time,side,price,quantity,local_time_us (bids first);
/// event_time and transact_time are empty where the exchange sent no <c>E</c>/<c>T</c>.
/// </param>
public sealed record DepthSnapshot(long LastUpdateId, long EventTimeMs, long TransactTimeMs, int Bids, int Asks, ReadOnlyMemory<byte> Rows)
{
    /// <summary>The exchange sent <c>E</c> (false for spot: <see cref="EventTimeMs"/> is then the local time).</summary>
    public bool HasEventTime { get; init; } = true;

    /// <summary>The exchange sent <c>T</c> (false for spot).</summary>
    public bool HasTransactTime { get; init; } = true;
}

/// <summary>A REST response that could not be parsed; the message says why.</summary>
public sealed class BinanceResponseException : Exception
{
    public BinanceResponseException(string message) : base(message)
    {
    }

    public BinanceResponseException()
    {
    }

    public BinanceResponseException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
