namespace Streamer.Simulator.Market;

/// <summary>A 1m kline built from the trades whose transaction time falls in its minute.</summary>
internal sealed class Candle
{
    public long OpenTime { get; private set; }

    public long CloseTime => OpenTime + 59_999;

    /// <summary>-1 when the minute had no trade, as Binance sends it.</summary>
    public long FirstTradeId { get; private set; } = -1;

    public long LastTradeId { get; private set; } = -1;

    public long Open { get; private set; }

    public long High { get; private set; }

    public long Low { get; private set; }

    public long Close { get; private set; }

    public long Volume { get; private set; }

    public long TradeCount { get; private set; }

    public Int128 QuoteVolume { get; private set; }

    public long TakerBuyVolume { get; private set; }

    public Int128 TakerBuyQuoteVolume { get; private set; }

    /// <summary>COIN-M: volume in the base asset (contracts × size / price), 10^-8 units.</summary>
    public long BaseVolume8 { get; private set; }

    /// <summary>COIN-M: taker-buy volume in the base asset, 10^-8 units.</summary>
    public long TakerBuyBaseVolume8 { get; private set; }

    /// <summary>Starts a minute; until its first trade it shows the previous close, like an empty Binance candle.</summary>
    public void Reset(long openTime, long lastPrice)
    {
        OpenTime = openTime;
        FirstTradeId = LastTradeId = -1;
        Open = High = Low = Close = lastPrice;
        Volume = TradeCount = TakerBuyVolume = 0;
        QuoteVolume = TakerBuyQuoteVolume = 0;
        BaseVolume8 = TakerBuyBaseVolume8 = 0;
    }

    public void Add(long price, long quantity, long firstTradeId, long lastTradeId, bool takerBuy)
    {
        if (FirstTradeId < 0)
        {
            FirstTradeId = firstTradeId;
            Open = High = Low = price;
        }

        LastTradeId = lastTradeId;
        High = Math.Max(High, price);
        Low = Math.Min(Low, price);
        Close = price;
        Volume += quantity;
        TradeCount += lastTradeId - firstTradeId + 1;
        var quote = (Int128)price * quantity;
        QuoteVolume += quote;
        if (takerBuy)
        {
            TakerBuyVolume += quantity;
            TakerBuyQuoteVolume += quote;
        }
    }

    /// <summary>COIN-M only: the base-asset amount of a fill already passed to <see cref="Add"/>.</summary>
    public void AddBase(long base8, bool takerBuy)
    {
        BaseVolume8 += base8;
        if (takerBuy)
        {
            TakerBuyBaseVolume8 += base8;
        }
    }

    public Candle Clone() => (Candle)MemberwiseClone();
}
