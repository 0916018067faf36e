using System.Globalization;
using System.Text;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// Builds Prometheus text exposition (format 0.0.4): HELP and TYPE once per family, its samples right
/// after, label values escaped, numbers culture-invariant.
/// </summary>
public sealed class PrometheusWriter
{
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);

    /// <summary>Starts a family; every sample of it must follow before the next family starts.</summary>
    /// <exception cref="InvalidOperationException">The family was already written (two blocks of one family are invalid).</exception>
    public PrometheusWriter Family(string name, MetricType type, string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        if (!_families.Add(name))
        {
            throw new InvalidOperationException("metric family written twice: " + name);
        }

        _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(type)).Append('\n');
        return this;
    }

    /// <summary>Writes one sample; <paramref name="labels"/> are name/value pairs (null values are left out).</summary>
    public PrometheusWriter Sample(string name, double value, params ReadOnlySpan<(string Name, string? Value)> labels)
    {
        _text.Append(name);
        var first = true;
        foreach (var (labelName, labelValue) in labels)
        {
            if (labelValue is null)
            {
                continue;
            }

            _text.Append(first ? '{' : ',').Append(labelName).Append("=\"").Append(EscapeLabel(labelValue)).Append('"');
            first = false;
        }

        if (!first)
        {
            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    /// <summary>A sample value: integers without exponent, +Inf/-Inf/NaN spelled as Prometheus does.</summary>
    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ when value == Math.Floor(value) && Math.Abs(value) < 1e15 => ((long)value).ToString(CultureInfo.InvariantCulture),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Label values escape backslash, double quote and newline.</summary>
    public static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and newline.</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => "untyped",
    };
}
