using Streamer.Core.Storage;

namespace Streamer.Writer.Durability;

/// <summary>
/// The day files the writer still holds, read from its checkpoint by another process (the uploader): a file
/// the checkpoint lists is open (it may grow, or be cut back by a recovery) or being committed as a
/// compression, so nobody else may treat it as finished. The checkpoint is replaced atomically, so a reader
/// sees one whole version.
/// </summary>
public static class HeldFiles
{
    /// <summary>
    /// Paths relative to <paramref name="dataDir"/> ('/' separated) the writer holds; empty when no writer has
    /// ever run there; null when the checkpoint cannot be read or is damaged (then nothing may be assumed).
    /// </summary>
    public static IReadOnlySet<string>? Read(string dataDir)
    {
        try
        {
            var (outcome, checkpoint) = new CheckpointStore(PhysicalFileSystem.Instance, dataDir).Read();
            if (outcome == CheckpointRead.Missing)
            {
                return new HashSet<string>(StringComparer.Ordinal);
            }

            if (checkpoint is null)
            {
                return null;
            }

            var held = new HashSet<string>(checkpoint.Files.Keys, StringComparer.Ordinal);
            foreach (var commit in checkpoint.Compressions)
            {
                held.Add(commit.CsvRelativePath);
            }

            return held;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
