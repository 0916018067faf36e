namespace Streamer.Upload.State;

/// <summary>
/// <c>{data_dir}/.upload/lock</c>: one uploader per data directory, the recorder's child or a cron
/// <c>streamer upload --once</c>, never both (two would upload and delete the same files). On Unix .NET backs
/// <see cref="FileShare.None"/> with <c>flock</c>, which the kernel releases when the holder dies.
/// The file is never deleted (a waiter would lock a stale inode).
/// </summary>
public sealed class UploadLock : IDisposable
{
    private readonly FileStream _file;

    private UploadLock(FileStream file) => _file = file;

    /// <summary>The lock's path for a data directory.</summary>
    public static string PathFor(string dataDir) => Path.Combine(UploadState.Folder(dataDir), "lock");

    /// <summary>The lock, or null when another process holds it.</summary>
    public static UploadLock? TryAcquire(string dataDir)
    {
        var path = PathFor(dataDir);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new UploadLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
