using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Streamer.Worker.Tests")]
