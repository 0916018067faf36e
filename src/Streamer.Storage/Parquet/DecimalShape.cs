namespace Streamer.Storage.Parquet;

/// <summary>
/// What a decimal column's strings need: the largest number of fraction digits (the scale) and of digits in
/// all (the precision). The exchange prints a symbol's prices and quantities with a fixed number of decimals
/// (tick and lot size), so a file's strings agree on the scale and DECIMAL(p, s) prints every one of them back
/// exactly; inferring it from the file needs no exchangeInfo and follows a tick size change at the next file.
/// </summary>
public struct DecimalShape
{
    /// <summary>The largest precision C#'s decimal carries exactly.</summary>
    public const int MaxPrecision = 28;

    /// <summary>Largest number of fraction digits seen.</summary>
    public int Scale { get; private set; }

    /// <summary>Largest number of integer digits seen.</summary>
    public int IntegerDigits { get; private set; }

    /// <summary>False once two values disagree on the number of fraction digits (then "0.1" prints as "0.10").</summary>
    public bool UniformScale { get; private set; }

    private bool _seen;

    /// <summary>Parquet precision: 18 fits INT64 storage; wider values take 28.</summary>
    public readonly int Precision => Math.Max(IntegerDigits + Scale, 1) <= 18 ? 18 : MaxPrecision;

    /// <summary>Whether decimal can hold every value (else the column falls back to text).</summary>
    public readonly bool Fits => IntegerDigits + Scale <= MaxPrecision;

    /// <summary>Takes one value into account; false when it is not a plain decimal number.</summary>
    public bool Add(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        var digits = value[0] == '-' ? value[1..] : value;
        var dot = digits.IndexOf('.');
        var integer = dot < 0 ? digits.Length : dot;
        var fraction = dot < 0 ? 0 : digits.Length - dot - 1;
        if (integer == 0 || (dot >= 0 && fraction == 0) || !AllDigits(digits[..integer]) || (dot >= 0 && !AllDigits(digits[(dot + 1)..])))
        {
            return false;
        }

        if (!_seen)
        {
            UniformScale = true;
            _seen = true;
        }
        else if (fraction != Scale)
        {
            UniformScale = false;
        }

        Scale = Math.Max(Scale, fraction);
        IntegerDigits = Math.Max(IntegerDigits, integer);
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
