using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Streamer.Simulator.Wire;

/// <summary>
/// Prices and quantities live as integers of 10^-decimals units, so they are formatted exactly the
/// way Binance sends them ("61800.20", "0.014") and never pass through a float.
/// </summary>
internal static class FixedPoint
{
    public static readonly long[] Pow10 =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L,
    ];

    /// <summary>Writes <paramref name="units"/> × 10^-decimals; needs at most 42 bytes.</summary>
    public static int Write(Span<byte> destination, long units, int decimals)
    {
        var written = 0;
        if (units < 0)
        {
            destination[written++] = (byte)'-';
            units = -units;
        }

        if (decimals == 0)
        {
            Utf8Formatter.TryFormat(units, destination[written..], out var n);
            return written + n;
        }

        var scale = Pow10[decimals];
        Utf8Formatter.TryFormat(units / scale, destination[written..], out var whole);
        written += whole;
        destination[written++] = (byte)'.';
        Utf8Formatter.TryFormat(units % scale, destination[written..], out var fraction, new StandardFormat('D', (byte)decimals));
        return written + fraction;
    }

    /// <summary>Same for 128-bit sums (quote volumes are price × quantity summed over a minute).</summary>
    public static int Write(Span<byte> destination, Int128 units, int decimals)
    {
        var written = 0;
        if (units < 0)
        {
            destination[written++] = (byte)'-';
            units = -units;
        }

        Int128 scale = 1;
        for (var i = 0; i < decimals; i++)
        {
            scale *= 10;
        }

        ((IUtf8SpanFormattable)(units / scale)).TryFormat(destination[written..], out var whole, default, CultureInfo.InvariantCulture);
        written += whole;
        if (decimals == 0)
        {
            return written;
        }

        destination[written++] = (byte)'.';
        Utf8Formatter.TryFormat((long)(units % scale), destination[written..], out var fraction, new StandardFormat('D', (byte)decimals));
        return written + fraction;
    }

    public static string Format(long units, int decimals)
    {
        Span<byte> buffer = stackalloc byte[48];
        var n = Write(buffer, units, decimals);
        return Encoding.ASCII.GetString(buffer[..n]);
    }

    /// <summary>The nearest multiple of <paramref name="step"/> units to a real value, at least one step.</summary>
    public static long ToUnits(double value, int decimals, long step)
    {
        var units = (long)Math.Round(value * Pow10[decimals] / step) * step;
        return Math.Max(step, units);
    }
}
