using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Market;

/// <summary>
/// Formatting and fan-out. An event is formatted only if someone subscribes to its stream or the
/// ground truth records it, and then exactly once: subscribers share the bytes and truth writes
/// the same bytes.
/// </summary>
internal sealed partial class MarketEngine
{
    private void PublishAggTrade(in AggTradeRecord record, long eventTime)
    {
        if (!_aggTradeChannel.HasSubscribers && _aggTradeTruth is null)
        {
            return;
        }

        _writer.Reset();
        _format.AggTrade(_writer, _spec, eventTime, record);
        _aggTradeChannel.Publish(_writer.Written);
        _aggTradeTruth?.Append(_writer.Written);
    }

    private void PublishTrade(long id, long price, long quantity, long time, long eventTime, bool buyerMaker)
    {
        if (!_tradeChannel.HasSubscribers && _tradeTruth is null)
        {
            return;
        }

        _writer.Reset();
        _format.Trade(_writer, _spec, eventTime, time, id, price, quantity, buyerMaker);
        _tradeChannel.Publish(_writer.Written);
        _tradeTruth?.Append(_writer.Written);
    }

    private void PublishBookTicker(long updateId, long time, long eventTime)
    {
        if (!_bookTickerChannel.HasSubscribers && _bookTickerTruth is null)
        {
            return;
        }

        _writer.Reset();
        _format.BookTicker(
            _writer, _spec, updateId, _bids.BestPrice, _bids.BestQuantity, _asks.BestPrice, _asks.BestQuantity, time, eventTime);
        _bookTickerChannel.Publish(_writer.Written);
        _bookTickerTruth?.Append(_writer.Written);
    }

    /// <summary>Truth keeps closed candles only (one line per minute, like the historical dumps).</summary>
    private void PublishKline(long eventTime, bool closed)
    {
        var truth = closed ? _klineTruth : null;
        if (!_klineChannel.HasSubscribers && truth is null)
        {
            return;
        }

        _writer.Reset();
        _format.Kline(_writer, _spec, eventTime, _candle, closed);
        _klineChannel.Publish(_writer.Written);
        truth?.Append(_writer.Written);
        _klineDirty = false;
    }

    /// <summary>
    /// Every exchange second for <c>@markPrice@1s</c>; every third one also goes to <c>@markPrice</c>
    /// (3 s). Truth holds the 1 s series. Mark price is the mid, index a little noise around it.
    /// </summary>
    private void PublishMarkPrice(long eventTime)
    {
        var every3s = eventTime / 1000 % 3 == 0;
        var scale = FixedPoint.Pow10[Math.Max(0, 8 - _spec.PricePrecision)];
        var mark = (_bids.BestPrice + _asks.BestPrice) * scale / 2;
        // Drawn every second whether or not it is sent, so subscribing never changes the market.
        var index = mark + (long)(mark * 0.00005 * _rng.Normal());
        var settle = index + (long)(mark * 0.00001 * _rng.Normal());
        var funding = 10_000 + (long)(2_000 * _rng.Normal());
        const long eightHours = 8 * 3600 * 1000;
        var nextFunding = ((eventTime / eightHours) + 1) * eightHours;
        if (!_markPrice1sChannel.HasSubscribers && !(every3s && _markPriceChannel.HasSubscribers) && _markPriceTruth is null)
        {
            return;
        }

        _writer.Reset();
        _format.MarkPrice(_writer, _spec, eventTime, mark, index, settle, funding, nextFunding);
        _markPrice1sChannel.Publish(_writer.Written);
        if (every3s)
        {
            _markPriceChannel.Publish(_writer.Written);
        }

        _markPriceTruth?.Append(_writer.Written);
    }

    private void PublishForceOrder(bool sell, long quantity, long price, long averagePrice, long lastFilled, long time, long eventTime)
    {
        var all = _allForceOrdersChannel?.HasSubscribers == true;
        if (!_forceOrderChannel.HasSubscribers && !all && _forceOrderTruth is null)
        {
            return;
        }

        _writer.Reset();
        _format.ForceOrder(_writer, _spec, eventTime, sell, quantity, price, averagePrice, lastFilled, time);
        _forceOrderChannel.Publish(_writer.Written);
        _allForceOrdersChannel?.Publish(_writer.Written);
        _forceOrderTruth?.Append(_writer.Written);
    }
}
