using Streamer.Core.Streams;

namespace Streamer.Writer.Files;

/// <summary>Identifies one output file: a symbol's stream on one UTC day.</summary>
internal readonly record struct DayFileKey(string Symbol, StreamType Stream, DateOnly Day);
