namespace Streamer.Supervisor.Cli;

/// <summary>One documented command-line option: the parser and the help text both read it.</summary>
/// <param name="Long">Long form, e.g. <c>--config</c>.</param>
/// <param name="Short">Short form, e.g. <c>-c</c>, or null.</param>
/// <param name="Argument">Name of its value shown in help (e.g. <c>file</c>), or null for a flag.</param>
/// <param name="Description">One line for <c>--help</c>.</param>
/// <param name="Hidden">Internal option, accepted but not listed.</param>
public sealed record CliOption(string Long, string? Short, string? Argument, string Description, bool Hidden = false)
{
    /// <summary>True when the option takes a value.</summary>
    public bool TakesValue => Argument is not null;

    /// <summary>Left column of the help text, e.g. <c>-c, --config &lt;file&gt;</c>.</summary>
    public string Synopsis => (Short is null ? "    " : Short + ", ") + Long + (Argument is null ? "" : $" <{Argument}>");
}
