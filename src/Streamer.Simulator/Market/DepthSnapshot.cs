namespace Streamer.Simulator.Market;

/// <summary>The book at one update id, as <c>/fapi/v1/depth</c> returns it.</summary>
internal readonly record struct DepthSnapshot(
    long LastUpdateId, long EventTime, long TransactionTime,
    long[] BidPrices, long[] BidQuantities, long[] AskPrices, long[] AskQuantities);
