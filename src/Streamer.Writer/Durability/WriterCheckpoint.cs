using Streamer.Core.Storage;

namespace Streamer.Writer.Durability;

/// <summary>What readers outside the writer (verify) may learn from its checkpoint, without its internals.</summary>
public static class WriterCheckpoint
{
    /// <summary>
    /// What the writer has durably written per source (its checkpoint), or null when there is none or it is
    /// unreadable: then every journalled frame counts as unwritten.
    /// </summary>
    public static IReadOnlyDictionary<string, ulong>? WrittenSequences(string dataDir)
    {
        try
        {
            var (outcome, checkpoint) = new CheckpointStore(PhysicalFileSystem.Instance, dataDir).Read();
            return outcome == CheckpointRead.Ok ? checkpoint!.Sources : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
