using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Streamer.Binance.Tests")]
[assembly: InternalsVisibleTo("Streamer.Worker.Tests")]
