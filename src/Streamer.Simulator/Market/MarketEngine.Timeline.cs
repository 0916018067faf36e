using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Market;

/// <summary>The event loop over exchange time: transactions plus the periodic streams.</summary>
internal sealed partial class MarketEngine
{
    /// <summary>Processes everything due up to <paramref name="now"/>; true if the budget ran out first.</summary>
    private bool ProcessUntil(long now, int budget)
    {
        while (budget-- > 0)
        {
            var due = NextDueMicros();
            due = Math.Min(due, Math.Min(_nextMinuteMicros, _nextBurstToggleMicros));
            if (due > now)
            {
                return false;
            }

            // At equal times the periodic work goes first: a transaction at exactly a boundary
            // belongs to the new window and the new minute.
            if (_nextMinuteMicros == due)
            {
                CloseCandle(due);
                _nextMinuteMicros += Minute;
                continue;
            }

            var flushed = false;
            foreach (var window in _depthTimed)
            {
                if (window.NextFlushMicros == due)
                {
                    FlushDepth(window, due / 1000);
                    window.NextFlushMicros += window.SpeedMs * 1000L;
                    flushed = true;
                    break;
                }
            }

            if (flushed)
            {
                continue;
            }

            if (_nextKlineUpdateMicros == due)
            {
                if (_klineDirty)
                {
                    PublishKline(due / 1000, closed: false);
                }

                _nextKlineUpdateMicros += 250_000;
                continue;
            }

            if (_nextMarkMicros == due)
            {
                PublishMarkPrice(due / 1000);
                _nextMarkMicros += Second;
                continue;
            }

            if (_nextBurstToggleMicros == due)
            {
                ToggleBurst(due);
                continue;
            }

            RunTransaction(due);
            _nextTransactionMicros = due + NextGap();
        }

        return true;
    }

    /// <summary>Bursts: a few seconds at several times the base rate, then a quiet spell.</summary>
    private void ToggleBurst(long now)
    {
        if (_burstMultiplier <= 1)
        {
            _nextBurstToggleMicros = long.MaxValue;
            return;
        }

        _inBurst = !_inBurst;
        if (_inBurst)
        {
            _rate = _baseRate * _burstMultiplier * (0.75 + (_rng.NextDouble() * 0.5));
            _nextBurstToggleMicros = now + (long)((2 + (_rng.NextDouble() * 6)) * Second);
        }
        else
        {
            _rate = _baseRate;
            _nextBurstToggleMicros = now + Math.Max(Second, (long)_rng.Exponential(_meanMicrosBetweenBursts));
        }
    }

    /// <summary>Closes the open candle (x:true) at <paramref name="now"/> and opens the candle of that minute.</summary>
    private void CloseCandle(long now)
    {
        PublishKline(now / 1000, closed: true);
        _closedCandles.Enqueue(_candle.Clone());
        while (_closedCandles.Count > _klineHistory)
        {
            _closedCandles.Dequeue();
        }

        _candle.Reset(now / Minute * Minute / 1000, _candle.Close);
        _klineDirty = false;
    }

    private void FlushDepth(DepthWindow window, long eventTime)
    {
        if (window.IsEmpty)
        {
            return;
        }

        _writer.Reset();
        window.WriteAndReset(_writer, _format, _spec, eventTime);
        EmitDepth(window);
    }

    private void EmitDepth(DepthWindow window)
    {
        if (window.WithholdNext)
        {
            window.WithholdNext = false;
            if (_withheldTruth is not null)
            {
                // Wrapped with its stream name: four speeds withhold four different events.
                var envelope = new PayloadWriter(_writer.Length + 64);
                envelope.Raw("{\"stream\":"u8);
                envelope.QuotedString(window.Channel.Name);
                envelope.Raw(",\"data\":"u8);
                envelope.Raw(_writer.Written);
                envelope.Byte((byte)'}');
                _withheldTruth.Append(envelope.Written);
            }

            return;
        }

        window.Channel.Publish(_writer.Written);
        window.Truth?.Append(_writer.Written);
    }
}
