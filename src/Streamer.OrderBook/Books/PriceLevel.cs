namespace Streamer.OrderBook.Books;

/// <summary>
/// One price level: exact decimals as the exchange sent them. <see cref="decimal"/> keeps the textual
/// scale (<c>0.010</c> stays <c>0.010</c>), so a level prints back exactly as it was received.
/// </summary>
/// <param name="Price">Price of the level.</param>
/// <param name="Quantity">Absolute quantity at that price; 0 in an update removes the level.</param>
public readonly record struct PriceLevel(decimal Price, decimal Quantity);
