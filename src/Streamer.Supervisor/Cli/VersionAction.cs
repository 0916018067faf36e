using System.CommandLine;
using System.CommandLine.Invocation;

namespace Streamer.Supervisor.Cli;

/// <summary><c>--version</c> prints <c>streamer X</c>, as before System.CommandLine (whose own prints the bare version).</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine("streamer " + HelpText.Version());
        return 0;
    }
}
