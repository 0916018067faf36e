using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Verify.Files;

/// <summary>All recorded days of one symbol of one exchange, per stream, in day order.</summary>
internal sealed class SymbolFiles(string exchange, string symbol)
{
    private readonly Dictionary<StreamType, SortedDictionary<DateOnly, DayFiles>> _streams = [];

    /// <summary>A symbol of the default exchange.</summary>
    public SymbolFiles(string symbol)
        : this(ExchangeIds.Default, symbol)
    {
    }

    /// <summary>The market (<see cref="ExchangeIds"/>).</summary>
    public string Exchange { get; } = exchange;

    /// <summary>The bare symbol (folder and file names).</summary>
    public string Symbol { get; } = symbol;

    /// <summary><see cref="ExchangePaths.Key"/>: <c>BTCUSDT</c>, <c>binance-spot/BTCUSDT</c>; what the report names.</summary>
    public string Key { get; } = ExchangePaths.Key(exchange, symbol);

    /// <summary>Days of a stream in ascending order (empty when the stream was never recorded).</summary>
    public IReadOnlyList<DayFiles> Days(StreamInfo stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return _streams.TryGetValue(stream.Type, out var days) ? [.. days.Values] : [];
    }

    public void Add(DataFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!_streams.TryGetValue(file.Stream.Type, out var days))
        {
            days = [];
            _streams[file.Stream.Type] = days;
        }

        if (!days.TryGetValue(file.Day, out var day))
        {
            day = new DayFiles(file.Day);
            days[file.Day] = day;
        }

        day.Add(file);
    }
}
