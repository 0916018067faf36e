using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Streamer.Bybit.Tests")]
