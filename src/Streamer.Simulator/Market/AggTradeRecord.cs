namespace Streamer.Simulator.Market;

/// <summary>One aggregate trade: a taker order's fills at one price, trade ids First..Last.</summary>
internal readonly record struct AggTradeRecord(
    long Id, long Price, long Quantity, long FirstTradeId, long LastTradeId, long Time, bool BuyerMaker);
