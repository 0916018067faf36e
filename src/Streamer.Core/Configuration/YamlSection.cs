using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Streamer.Core.Configuration;

/// <summary>
/// A YAML mapping read key by key, so that every error can name the file, line and full key path.
/// Keys that were never asked for are reported by <see cref="RejectUnknownKeys"/>.
/// </summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode? _node;
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    public YamlSection(string file, string path, YamlMappingNode? node, long line)
    {
        File = file;
        Path = path;
        _node = node;
        Line = node is null ? line : node.Start.Line;
    }

    public string File { get; }

    public string Path { get; }

    public long Line { get; }

    public string KeyPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    public ConfigException Error(YamlNode? node, string key, string problem) =>
        ConfigException.At(File, node?.Start.Line ?? Line, KeyPath(key), problem);

    public YamlNode? Raw(string key)
    {
        _asked.Add(key);
        if (_node is null)
        {
            return null;
        }

        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode s && s.Value == key)
            {
                return IsNull(v) ? null : v;
            }
        }

        return null;
    }

    public YamlSection Section(string key)
    {
        var raw = Raw(key);
        return raw switch
        {
            null => new YamlSection(File, KeyPath(key), null, Line),
            YamlMappingNode m => new YamlSection(File, KeyPath(key), m, m.Start.Line),
            _ => throw Error(raw, key, "must be a mapping of keys (key: value lines indented under it)"),
        };
    }

    public string String(string key, string fallback)
    {
        var raw = Raw(key);
        return raw switch
        {
            null => fallback,
            YamlScalarNode s => s.Value ?? fallback,
            _ => throw Error(raw, key, "must be a single value, not a list or mapping"),
        };
    }

    public bool Bool(string key, bool fallback)
    {
        var text = String(key, fallback ? "true" : "false");
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(Raw(key), key, $"'{text}' is not a boolean; allowed: true, false"),
        };
    }

    public int Int(string key, int fallback, int min, int max)
    {
        var text = String(key, fallback.ToString(CultureInfo.InvariantCulture));
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw Error(Raw(key), key, $"'{text}' is not allowed; expected a whole number from {min} to {max}");
        }

        return v;
    }

    public long Long(string key, long fallback, long min, long max)
    {
        var text = String(key, fallback.ToString(CultureInfo.InvariantCulture));
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw Error(Raw(key), key, $"'{text}' is not allowed; expected a whole number from {min} to {max}");
        }

        return v;
    }

    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var text = String(key, Durations.Format(fallback));
        if (!Durations.TryParse(text, out var v))
        {
            throw Error(Raw(key), key, $"'{text}' is not a duration; expected {Durations.Examples}");
        }

        if (v < min || v > max)
        {
            throw Error(Raw(key), key, $"{text} is out of range; allowed {Durations.Format(min)} to {Durations.Format(max)}");
        }

        return v;
    }

    public Uri Url(string key, string fallback, params string[] schemes)
    {
        var text = String(key, fallback);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.Ordinal))
        {
            throw Error(Raw(key), key, $"'{text}' is not a valid URL; expected an absolute {string.Join(" or ", schemes)} URL");
        }

        return uri;
    }

    public string Choice(string key, string fallback, params string[] allowed)
    {
        var text = String(key, fallback);
        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            throw Error(Raw(key), key, $"'{text}' is not allowed; allowed: {string.Join(", ", allowed)}");
        }

        return text;
    }

    public void RejectUnknownKeys()
    {
        if (_node is null)
        {
            return;
        }

        foreach (var (k, _) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? k.ToString();
            if (!_asked.Contains(name))
            {
                var known = string.Join(", ", _asked.Order(StringComparer.Ordinal));
                throw ConfigException.At(File, k.Start.Line, KeyPath(name), $"unknown key; allowed here: {known}");
            }
        }
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain };
}
