using System.Reflection;

namespace Streamer.Supervisor.Processes;

/// <summary>
/// How to start this same executable again: the apphost itself, or <c>dotnet streamer.dll</c> when the
/// process runs under the dotnet host (<c>dotnet run</c>, tests).
/// </summary>
/// <param name="FileName">Program to run.</param>
/// <param name="PrefixArguments">Arguments before the command's own (the entry dll under dotnet).</param>
public sealed record SelfCommand(string FileName, IReadOnlyList<string> PrefixArguments)
{
    /// <summary>The command of the running process.</summary>
    public static SelfCommand Current { get; } = Detect();

    /// <summary>A spec running this executable with <paramref name="arguments"/>.</summary>
    public ChildSpec With(IEnumerable<string> arguments) => new(FileName, [.. PrefixArguments, .. arguments]);

    private static SelfCommand Detect()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running executable is unknown");
        var name = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return new SelfCommand(path, []);
        }

        var entry = Assembly.GetEntryAssembly();
        var dll = entry is null ? "" : Path.Combine(AppContext.BaseDirectory, entry.GetName().Name + ".dll");
        if (!File.Exists(dll))
        {
            dll = Path.Combine(AppContext.BaseDirectory, "streamer.dll");
        }

        return new SelfCommand(path, [dll]);
    }
}
