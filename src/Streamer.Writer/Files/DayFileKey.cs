using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.Storage.Parquet;

namespace Streamer.Writer.Files;

/// <summary>
/// Identifies one output file: a symbol's stream on one UTC day, and with <c>parquet_seal: hour</c> one UTC hour of
/// it (<see cref="Hour"/> 0-23; <see cref="PartNames.WholeDay"/> otherwise), of the symbol of <see cref="Exchange"/>.
/// </summary>
internal readonly record struct DayFileKey(string Symbol, StreamType Stream, DateOnly Day, int Hour = PartNames.WholeDay, string Exchange = ExchangeIds.Default);
