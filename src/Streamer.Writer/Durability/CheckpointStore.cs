using System.Buffers;
using Streamer.Core.Storage;

namespace Streamer.Writer.Durability;

/// <summary>
/// Reads and atomically replaces <c>{data_dir}/.writer/checkpoint</c>: the new content goes to a
/// temporary file that is renamed over the old one, so a crash at any byte leaves either the old or the
/// new checkpoint, never a mix.
/// </summary>
internal sealed class CheckpointStore(IWriterFileSystem fs, string dataDir)
{
    /// <summary>Folder of the writer's own state inside the data directory.</summary>
    public const string StateFolder = ".writer";

    /// <summary>Serialization buffer and sort space, reused: the engine replaces the checkpoint at every flush.</summary>
    private readonly ArrayBufferWriter<byte> _bytes = new(4096);
    private readonly List<string> _sortScratch = [];

    public string Directory { get; } = Path.Combine(dataDir, StateFolder);

    public string FilePath { get; } = Path.Combine(dataDir, StateFolder, "checkpoint");

    private string TempPath { get; } = Path.Combine(dataDir, StateFolder, "checkpoint.tmp");

    /// <summary>Creates the state folder.</summary>
    public void EnsureDirectory() => fs.CreateDirectory(Directory);

    /// <summary>The stored checkpoint; <see cref="CheckpointRead.Missing"/> or <see cref="CheckpointRead.Damaged"/> otherwise.</summary>
    public (CheckpointRead Outcome, Checkpoint? Checkpoint) Read()
    {
        if (fs.GetLength(FilePath) < 0)
        {
            return (CheckpointRead.Missing, null);
        }

        using var stream = fs.OpenRead(FilePath);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var checkpoint = Checkpoint.TryParse(copy.GetBuffer().AsSpan(0, (int)copy.Length));
        return checkpoint is null ? (CheckpointRead.Damaged, null) : (CheckpointRead.Ok, checkpoint);
    }

    /// <summary>
    /// Replaces the checkpoint. With <paramref name="durable"/> the new content and the rename are
    /// forced to disk (survives an OS crash); without it the rename alone survives a process crash.
    /// </summary>
    public void Write(Checkpoint checkpoint, bool durable)
    {
        _bytes.ResetWrittenCount();
        checkpoint.WriteTo(_bytes, _sortScratch);
        using (var file = fs.Create(TempPath))
        {
            file.Write(_bytes.WrittenSpan, 0);
            if (durable)
            {
                file.Sync();
            }
        }

        fs.Move(TempPath, FilePath);
        if (durable)
        {
            fs.SyncDirectory(Directory);
        }
    }
}

/// <summary>Outcome of reading the checkpoint.</summary>
internal enum CheckpointRead
{
    Ok,
    Missing,
    Damaged,
}
