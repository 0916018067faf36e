namespace Streamer.Simulator.Market;

/// <summary>A price level's new absolute quantity (0 = removed), as a depth diff carries it.</summary>
internal readonly record struct LevelChange(bool IsBid, long Price, long Quantity);
