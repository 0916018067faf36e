using System.Globalization;
using System.Text;
using Streamer.Simulator.Market;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Dumps;

/// <summary>
/// One past UTC day of a symbol's market, generated for the dumps tree: a fixed number of aggTrades
/// (seeded by symbol and day, so every request gets the same bytes), spread over the day with a random
/// walk at the symbol's real tick and lot, and the 1-minute candles made from them (every minute, flat
/// when it had no trade, like Binance's dumps). aggTrade ids run without a gap across days and end
/// right before the live market's first id on the day before the simulator started, so a recording
/// and its history join; trade ids only run without a gap within a day.
/// </summary>
internal sealed class DumpDay
{
    private const long DayMs = 86_400_000;
    private const long MinuteMs = 60_000;

    private readonly SymbolSpec _spec;
    private readonly List<Trade> _trades;
    private readonly long _dayStartMs;

    public DumpDay(MarketEngine engine, DateOnly day, DateOnly startDay, int tradesPerDay, long seed)
    {
        _spec = engine.Spec;
        Day = day;
        var daysBefore = startDay.DayNumber - day.DayNumber;
        var rng = new Prng(Prng.SeedFor(seed, $"{_spec.Symbol}/dumps/{day:yyyy-MM-dd}"));
        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        _dayStartMs = dayStart;
        var aggId = engine.FirstAggTradeId - ((long)daysBefore * tradesPerDay);
        var tradeId = engine.FirstTradeId - ((long)daysBefore * tradesPerDay * 4);
        var slot = DayMs / tradesPerDay;
        var tick = _spec.TickUnits;
        // Each day starts within a percent of the reference price, so far-away days stay plausible.
        var price = _spec.ReferencePriceUnits + ((long)(_spec.ReferencePriceUnits * 0.01 * (rng.NextDouble() - 0.5) * 2) / tick * tick);
        _trades = new List<Trade>(tradesPerDay);
        for (var i = 0; i < tradesPerDay; i++)
        {
            // Mean reversion towards the reference keeps a walk of thousands of steps in a sane band.
            var drift = price > _spec.ReferencePriceUnits ? -1 : 1;
            price = Math.Max(tick, price + (tick * (rng.NextInt(5) - 2 + (rng.Chance(0.1) ? drift : 0))));
            var quantity = Math.Max(_spec.StepUnits, (long)(_spec.TypicalQuantityUnits * rng.LogNormal(0.8)) / _spec.StepUnits * _spec.StepUnits);
            var count = 1 + rng.NextInt(4);
            var time = dayStart + (i * slot) + rng.NextLong(slot);
            _trades.Add(new Trade(aggId++, price, quantity, tradeId, tradeId + count - 1, time, rng.Chance(0.5)));
            tradeId += count;
        }
    }

    public DateOnly Day { get; }

    /// <summary>Rows of <c>agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker</c>.</summary>
    public void AppendAggTrades(StringBuilder csv)
    {
        foreach (var t in _trades)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{t.Id},{FixedPoint.Format(t.Price, _spec.PricePrecision)},{FixedPoint.Format(t.Quantity, _spec.QuantityPrecision)},{t.FirstTradeId},{t.LastTradeId},{t.Time},{(t.BuyerMaker ? "true" : "false")}\n");
        }
    }

    /// <summary>Rows of <c>open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore</c>, 1440 of them.</summary>
    public void AppendKlines(StringBuilder csv)
    {
        var next = 0;
        var close = _trades.Count > 0 ? _trades[0].Price : _spec.ReferencePriceUnits;
        var quoteDecimals = _spec.PricePrecision + _spec.QuantityPrecision;
        for (var minute = 0; minute < 1440; minute++)
        {
            var open = _dayStartMs + (minute * MinuteMs);
            long first = close, high = close, low = close, volume = 0, takerVolume = 0, count = 0;
            Int128 quote = 0, takerQuote = 0;
            var any = false;
            for (; next < _trades.Count && _trades[next].Time < open + MinuteMs; next++)
            {
                var t = _trades[next];
                if (!any)
                {
                    first = high = low = t.Price;
                    any = true;
                }

                high = Math.Max(high, t.Price);
                low = Math.Min(low, t.Price);
                close = t.Price;
                volume += t.Quantity;
                quote += (Int128)t.Price * t.Quantity;
                count += t.LastTradeId - t.FirstTradeId + 1;
                if (!t.BuyerMaker)
                {
                    takerVolume += t.Quantity;
                    takerQuote += (Int128)t.Price * t.Quantity;
                }
            }

            csv.Append(CultureInfo.InvariantCulture,
                $"{open},{P(first)},{P(high)},{P(low)},{P(close)},{Q(volume)},{open + MinuteMs - 1},{Big(quote, quoteDecimals)},{count},{Q(takerVolume)},{Big(takerQuote, quoteDecimals)},0\n");
        }
    }

    private string P(long units) => FixedPoint.Format(units, _spec.PricePrecision);

    private string Q(long units) => FixedPoint.Format(units, _spec.QuantityPrecision);

    private static string Big(Int128 units, int decimals)
    {
        Span<byte> buffer = stackalloc byte[64];
        var n = FixedPoint.Write(buffer, units, decimals);
        return Encoding.ASCII.GetString(buffer[..n]);
    }

    private readonly record struct Trade(long Id, long Price, long Quantity, long FirstTradeId, long LastTradeId, long Time, bool BuyerMaker);
}
