namespace Streamer.Core.Configuration;

/// <summary>
/// A configuration the user must fix. <see cref="Exception.Message"/> is the whole sentence shown to
/// them: file, line, key, what is wrong and what is allowed. Never printed with a stack trace.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message) : base(message)
    {
    }

    public ConfigException()
    {
    }

    public ConfigException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Builds the message <c>file:line: key: problem</c>.</summary>
    public static ConfigException At(string file, long line, string key, string problem) =>
        new(line > 0 ? $"{file}:{line}: {key}: {problem}" : $"{file}: {key}: {problem}");
}
