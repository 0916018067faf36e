using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Streamer.Core.Tests")]
