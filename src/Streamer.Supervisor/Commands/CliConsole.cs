namespace Streamer.Supervisor.Commands;

/// <summary>Where command output goes; tests pass string writers.</summary>
/// <param name="Out">Command output (tables, JSON).</param>
/// <param name="Error">Error messages (logs also go to stderr).</param>
/// <param name="Color">Colour the output (stdout is a terminal and NO_COLOR is not set).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool Color)
{
    /// <summary>The process's console.</summary>
    public static CliConsole Standard { get; } = new(Console.Out, Console.Error,
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>Prints <c>error: message</c>.</summary>
    public void Fail(string message) => Error.WriteLine("error: " + message);

    /// <summary>Prints a usage error and the hint to <c>--help</c>.</summary>
    public void Usage(string message) => Usage(new Cli.UsageException(message));

    /// <summary>Prints every error of the command line, the typo suggestions and the hint to the command's help.</summary>
    public void Usage(Cli.UsageException problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        foreach (var error in problem.Errors)
        {
            Fail(error);
        }

        if (problem.Suggestions.Length > 0)
        {
            Error.WriteLine(problem.Suggestions);
        }

        Error.WriteLine($"Run '{problem.HelpCommand}' for usage.");
    }
}
