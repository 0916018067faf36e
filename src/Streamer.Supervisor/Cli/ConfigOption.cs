using System.CommandLine;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// <c>-c/--config file</c>. Every command that reads the configuration has its own instance, so the option is
/// accepted before the command word (<c>streamer -c x.yaml verify</c>) and after it (<c>streamer verify -c x.yaml</c>).
/// </summary>
internal static class ConfigOption
{
    public static Option<string> Create(string description = "configuration file (default: ./config.yaml)")
    {
        var option = new Option<string>("--config", "-c") { HelpName = "file", Description = description };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && result.Tokens[0].Value.Length == 0)
            {
                result.AddError("--config needs a file name");
            }
        });
        return option;
    }

    /// <summary>The file named after the command word, else before it, else <see cref="CommandLine.DefaultConfigPath"/>.</summary>
    public static string Read(ParseResult result, Option<string> own, Option<string> root) =>
        result.GetValue(own) ?? result.GetValue(root) ?? CommandLine.DefaultConfigPath;
}
