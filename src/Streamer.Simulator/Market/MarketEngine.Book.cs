namespace Streamer.Simulator.Market;

/// <summary>
/// The order flow. Each transaction is one of: a resting order added, an order cancelled, or a
/// taker order that sweeps the top of the book. Adds mostly land near the top (and inside the
/// spread when it is wide), so the price random-walks as takers eat levels and makers refill
/// them; a weak pull towards the reference price keeps a long run realistic.
/// </summary>
internal sealed partial class MarketEngine
{
    private const double TakerShare = 0.20;
    private const double AddShare = 0.42;
    private const int InitialDepthTicks = 1400;
    private const int MaxAddDepthTicks = 1300;

    // A side never drops below this (cancels turn into adds, takers stop short of it)...
    private const int MinLevels = 300;

    // ...is refilled beyond its far end below this, so a limit=1000 snapshot is always full...
    private const int RefillBelow = 1050;

    // ...and trimmed at the far end above this, so memory and snapshot cost stay bounded,
    private const int MaxLevels = 1600;

    // ...or when its far end lies this many ticks behind the best price.
    private const int FarTicks = 1600;

    private void SeedBook()
    {
        var tick = _spec.TickUnits;
        var bestBid = _spec.ReferencePriceUnits;
        for (var i = 0; i < InitialDepthTicks; i++)
        {
            if (i == 0 || _rng.Chance(0.85))
            {
                var bid = bestBid - (i * tick);
                if (bid > 0)
                {
                    _bids.Set(bid, LevelSize());
                }
            }

            if (i == 0 || _rng.Chance(0.85))
            {
                _asks.Set(bestBid + tick + (i * tick), LevelSize());
            }
        }
    }

    private void RunTransaction(long micros)
    {
        var time = micros / 1000;
        _changes.Clear();
        var bid = _bids.BestPrice;
        var bidQuantity = _bids.BestQuantity;
        var ask = _asks.BestPrice;
        var askQuantity = _asks.BestQuantity;

        var roll = _rng.NextDouble();
        if (roll < TakerShare && !_tradesPaused)
        {
            Take(time);
        }
        else if (roll < TakerShare + AddShare || roll < TakerShare)
        {
            AddOrder();
        }
        else
        {
            CancelOrder();
        }

        KeepDepth(_bids);
        KeepDepth(_asks);
        if (_changes.Count == 0)
        {
            return;
        }

        long first;
        long last;
        if (_profile.ConsecutiveUpdateIds)
        {
            // Spot: every book change takes the next id, so U is always the previous u + 1.
            first = _lastUpdateId + 1;
            last = first + _changes.Count - 1;
        }
        else
        {
            // Futures update ids advance by more than one per transaction (other internal updates
            // share the sequence), so U is usually not prev.u + 1: only pu chains.
            first = _lastUpdateId + 1 + (_rng.Chance(0.9) ? 1 + _rng.NextLong(40) : 0);
            last = first + _rng.NextLong(_changes.Count * 3L);
        }

        _lastUpdateId = last;
        _lastTransactionTime = time;
        _transactions++;
        var eventTime = NextEventTime(time);

        if (_depthNow is not null)
        {
            _depthNow.Add(_changes, first, last, time);
            _writer.Reset();
            _depthNow.WriteAndReset(_writer, _format, _spec, eventTime);
            EmitDepth(_depthNow);
        }

        foreach (var window in _depthTimed)
        {
            window.Add(_changes, first, last, time);
        }

        if (bid != _bids.BestPrice || bidQuantity != _bids.BestQuantity || ask != _asks.BestPrice || askQuantity != _asks.BestQuantity)
        {
            PublishBookTicker(last, time, eventTime);
        }
    }

    private void Take(long time)
    {
        var buy = _rng.Chance(BuyProbability());
        var book = buy ? _asks : _bids;
        var levels = Math.Min(12, book.Count - MinLevels);
        if (levels <= 0)
        {
            AddOrder();
            return;
        }

        var liquidation = _profile.HasForceOrder && time - _lastForceOrderTime >= 1000 && _rng.Chance(0.03);
        var size = Lots(_spec.TypicalQuantityUnits * _rng.LogNormal(1.0) * (liquidation ? 3 : 0.6));
        var eventTime = NextEventTime(time);
        var remaining = size;
        long filled = 0;
        Int128 notional = 0;
        long lastFill = 0;
        long worstPrice = 0;
        for (var level = 0; level < levels && remaining > 0; level++)
        {
            var price = book.BestPrice;
            var resting = book.BestQuantity;
            var fill = Math.Min(remaining, resting);
            var trades = Fill(price, fill, time, eventTime, buyerMaker: !buy);
            lastFill = trades;
            book.Set(price, resting - fill);
            _changes.Add(new LevelChange(book.IsBid, price, resting - fill));
            remaining -= fill;
            filled += fill;
            notional += (Int128)price * fill;
            worstPrice = price;
        }

        if (liquidation && filled > 0)
        {
            _lastForceOrderTime = time;
            // The bankruptcy price lies beyond the worst fill; an order that filled is FILLED.
            var slippage = Math.Max(_spec.TickUnits, worstPrice / 200 / _spec.TickUnits * _spec.TickUnits);
            var limit = buy ? worstPrice + slippage : Math.Max(_spec.TickUnits, worstPrice - slippage);
            var average = (long)((notional + (filled / 2)) / filled);
            PublishForceOrder(sell: !buy, filled, limit, average, lastFill, time, NextEventTime(time));
        }
    }

    /// <summary>One price level of a taker order: one aggTrade made of a few trades. Returns the last trade's quantity.</summary>
    private long Fill(long price, long quantity, long time, long eventTime, bool buyerMaker)
    {
        var step = _spec.StepUnits;
        var lots = quantity / step;
        var pieces = Math.Max(1, Math.Min(lots, 1 + _rng.NextLong(4)));
        var firstTradeId = _nextTradeId;
        _nextTradeId += pieces;
        long lastQuantity = 0;
        for (var i = 0; i < pieces; i++)
        {
            lastQuantity = ((lots / pieces) + (i < lots % pieces ? 1 : 0)) * step;
            PublishTrade(firstTradeId + i, price, lastQuantity, time, eventTime, buyerMaker);
        }

        var record = new AggTradeRecord(_nextAggTradeId++, price, quantity, firstTradeId, _nextTradeId - 1, time, buyerMaker);
        _aggTrades.Add(record);
        _candle.Add(price, quantity, record.FirstTradeId, record.LastTradeId, takerBuy: !buyerMaker);
        if (_spec.ContractSize > 0)
        {
            _candle.AddBase(_spec.BaseUnits8(quantity, price), takerBuy: !buyerMaker);
        }

        _klineDirty = true;
        PublishAggTrade(record, eventTime);
        return lastQuantity;
    }

    private void AddOrder()
    {
        var isBid = _rng.Chance(0.5);
        var side = isBid ? _bids : _asks;
        var tick = _spec.TickUnits;
        var better = isBid ? tick : -tick;
        var spreadTicks = (_asks.BestPrice - _bids.BestPrice) / tick;
        long price;
        if (spreadTicks > 1 && _rng.Chance(0.5))
        {
            price = side.BestPrice + (better * (1 + _rng.NextLong(spreadTicks - 1)));
        }
        else
        {
            var distance = _rng.Chance(0.75) ? (long)_rng.Exponential(4) : _rng.NextLong(MaxAddDepthTicks);
            price = side.BestPrice - (better * distance);
        }

        if (price <= 0)
        {
            return;
        }

        var quantity = side.Get(price) + LevelSize();
        side.Set(price, quantity);
        _changes.Add(new LevelChange(isBid, price, quantity));
    }

    private void CancelOrder()
    {
        var side = _rng.Chance(0.5) ? _bids : _asks;
        if (side.Count <= MinLevels)
        {
            AddOrder();
            return;
        }

        var depth = _rng.Chance(0.6) ? (int)Math.Min(side.Count - 1, _rng.Exponential(5)) : _rng.NextInt(side.Count);
        var price = side.PriceAt(depth);
        var resting = side.QuantityAt(depth);
        var remaining = _rng.Chance(0.5) ? 0 : resting - Lots(resting * _rng.NextDouble());
        remaining = Math.Max(0, remaining);
        side.Set(price, remaining);
        _changes.Add(new LevelChange(side.IsBid, price, remaining));
    }

    /// <summary>
    /// Keeps about a thousand levels per side within the usual depth: trims the far end (when the
    /// side is too long or a stale tail is left far behind a moving price) and refills empty prices
    /// inside the usual range when the side gets thin.
    /// </summary>
    private void KeepDepth(BookSide side)
    {
        var better = side.IsBid ? _spec.TickUnits : -_spec.TickUnits;
        while (side.Count > MaxLevels || (side.Count > RefillBelow && (side.BestPrice - side.PriceAt(side.Count - 1)) / better > FarTicks))
        {
            var far = side.PriceAt(side.Count - 1);
            side.Set(far, 0);
            _changes.Add(new LevelChange(side.IsBid, far, 0));
        }

        for (var attempt = 0; attempt < 4 && side.Count < RefillBelow; attempt++)
        {
            var price = side.BestPrice - (better * (1 + _rng.NextLong(MaxAddDepthTicks)));
            if (price <= 0 || side.Get(price) != 0)
            {
                continue;
            }

            var quantity = LevelSize();
            side.Set(price, quantity);
            _changes.Add(new LevelChange(side.IsBid, price, quantity));
        }
    }

    private double BuyProbability()
    {
        var mid = (_bids.BestPrice + _asks.BestPrice) / 2.0;
        return 0.5 + Math.Clamp(3 * Math.Log(_spec.ReferencePriceUnits / mid), -0.2, 0.2);
    }

    private long LevelSize() => Lots(_spec.TypicalQuantityUnits * _rng.LogNormal(0.8));

    /// <summary>Rounds to whole lots, at least one.</summary>
    private long Lots(double units)
    {
        var step = _spec.StepUnits;
        return Math.Max(step, (long)Math.Round(units / step) * step);
    }

    /// <summary>Event time a little after the transaction, never going backwards.</summary>
    private long NextEventTime(long time)
    {
        _lastEventTime = Math.Max(_lastEventTime, time + _rng.NextLong(3));
        return _lastEventTime;
    }
}
