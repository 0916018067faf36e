using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamer.Upload.State;

/// <summary>A local file whose object was verified: while its size and time are unchanged it is not hashed or sent again.</summary>
/// <param name="Length">Size when verified.</param>
/// <param name="LastWriteTicks">Modification time (UTC ticks) when verified.</param>
/// <param name="Sha256">Hex SHA-256 of the content.</param>
/// <param name="Key">The object it went to.</param>
public sealed record UploadedFile(long Length, long LastWriteTicks, string Sha256, string Key);

/// <summary>
/// <c>{data_dir}/.upload/state.json</c>: verified uploads of files still on disk, by path relative to the data
/// directory. Only an optimisation: the object store (HEAD) is the truth, so a lost or damaged state file costs
/// some hashing and HEADs, never a duplicate object or a lost file. Replaced atomically (write .tmp, rename).
/// </summary>
public sealed class UploadState
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private Dictionary<string, UploadedFile> _files;

    private UploadState(string path, Dictionary<string, UploadedFile> files)
    {
        _path = path;
        _files = files;
    }

    /// <summary>The uploader's folder under a data directory.</summary>
    public static string Folder(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), ".upload");

    /// <summary>Loads the state; a missing or damaged file is an empty state.</summary>
    public static UploadState Load(string dataDir)
    {
        var path = Path.Combine(Folder(dataDir), "state.json");
        try
        {
            var files = File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), UploadStateJson.Default.DictionaryStringUploadedFile) : null;
            return new UploadState(path, files ?? new Dictionary<string, UploadedFile>(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return new UploadState(path, new Dictionary<string, UploadedFile>(StringComparer.Ordinal));
        }
    }

    /// <summary>The verified upload of <paramref name="relativePath"/>, if any.</summary>
    public UploadedFile? Find(string relativePath)
    {
        lock (_gate)
        {
            return _files.GetValueOrDefault(relativePath);
        }
    }

    /// <summary>Records (or forgets, with null) the verified upload of a file.</summary>
    public void Set(string relativePath, UploadedFile? file)
    {
        lock (_gate)
        {
            if (file is null)
            {
                _files.Remove(relativePath);
            }
            else
            {
                _files[relativePath] = file;
            }
        }
    }

    /// <summary>Forgets files that are no longer on disk (deleted, or by the user), so the file stays small.</summary>
    public void Retain(Func<string, bool> exists)
    {
        lock (_gate)
        {
            _files = _files.Where(f => exists(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>Writes the state atomically. Throws IOException on a full disk; the caller logs and goes on.</summary>
    public void Save()
    {
        byte[] bytes;
        lock (_gate)
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(_files, UploadStateJson.Default.DictionaryStringUploadedFile);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, _path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, UploadedFile>))]
internal sealed partial class UploadStateJson : JsonSerializerContext;
