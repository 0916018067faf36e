using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Streamer.OrderBook.Tests")]
