using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Streamer.Supervisor.Tests;

/// <summary>A strict-enough reader of the Prometheus text format for tests.</summary>
internal static partial class PrometheusFormat
{
    /// <summary>
    /// Every family has exactly one HELP and one TYPE line, its samples follow it without another family
    /// in between, and every sample line is <c>name{label="value",...} number</c>.
    /// </summary>
    public static void AssertWellFormed(string text)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        string? currentType = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[2];
                Assert.That(declared.Add(current), Is.True, $"family {current} declared twice");
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.That(parts[2], Is.EqualTo(current), $"TYPE right after HELP: {line}");
                currentType = parts[3];
                Assert.That(currentType, Is.AnyOf("counter", "gauge", "histogram"), line);
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.That(match.Success, Is.True, $"malformed sample line: {line}");
            var name = match.Groups["name"].Value;
            var family = currentType == "histogram" ? HistogramSuffix().Replace(name, "") : name;
            Assert.That(family, Is.EqualTo(current), $"sample {name} outside its family block");
            if (currentType == "counter")
            {
                Assert.That(name, Does.EndWith("_total"), $"counter {name}");
            }
        }
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
