namespace Streamer.Bybit;

/// <summary>
/// The merged tickers state of one symbol: Bybit sends a snapshot, then deltas that carry only the fields that
/// changed. Each field's text is kept as sent, in one fixed buffer (no allocation per message); a field never
/// received is empty.
/// </summary>
internal sealed class TickerState
{
    /// <summary>The data keys of the ticker columns, in column order (event_time and cross_seq come from the envelope).</summary>
    public static readonly byte[][] Keys =
    [
        "lastPrice"u8.ToArray(), "markPrice"u8.ToArray(), "indexPrice"u8.ToArray(), "fundingRate"u8.ToArray(),
        "nextFundingTime"u8.ToArray(), "openInterest"u8.ToArray(), "openInterestValue"u8.ToArray(),
        "bid1Price"u8.ToArray(), "bid1Size"u8.ToArray(), "ask1Price"u8.ToArray(), "ask1Size"u8.ToArray(),
        "highPrice24h"u8.ToArray(), "lowPrice24h"u8.ToArray(), "prevPrice24h"u8.ToArray(), "price24hPcnt"u8.ToArray(),
        "volume24h"u8.ToArray(), "turnover24h"u8.ToArray(),
    ];

    private readonly byte[] _text = new byte[Keys.Length * BybitJson.MaxFieldLength];
    private readonly int[] _length = new int[Keys.Length];

    /// <summary>The column of a data key, or -1 for keys the ticker file does not keep.</summary>
    public static int IndexOf(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < Keys.Length; i++)
        {
            if (key.SequenceEqual(Keys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The field's text; empty when never received.</summary>
    public ReadOnlySpan<byte> this[int index] => _text.AsSpan(index * BybitJson.MaxFieldLength, _length[index]);

    /// <summary>Forgets every field (a snapshot replaces the whole state).</summary>
    public void Clear() => Array.Clear(_length);

    /// <summary>Sets a field (at most <see cref="BybitJson.MaxFieldLength"/> bytes, already checked).</summary>
    public void Set(int index, ReadOnlySpan<byte> text)
    {
        text.CopyTo(_text.AsSpan(index * BybitJson.MaxFieldLength, BybitJson.MaxFieldLength));
        _length[index] = text.Length;
    }
}
