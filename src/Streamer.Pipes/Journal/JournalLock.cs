using System.Globalization;

namespace Streamer.Pipes.Journal;

/// <summary>
/// The one process that may deliver a source's journal: an exclusive lock on <c>{journal}/lock</c>
/// (<see cref="FileShare.None"/>, which .NET maps to <c>flock(LOCK_EX)</c> on Unix), released by the kernel when the
/// process dies, so a <c>kill -9</c> never leaves a journal locked. The lock file is never deleted: a waiter that
/// opened the old file would otherwise lock a different inode than the next comer. The owner's pid goes to a file
/// of its own (<c>owner</c>), because on Unix any open of the locked file takes a shared lock and fails.
/// </summary>
internal sealed class JournalLock : IDisposable
{
    private readonly FileStream _file;

    private JournalLock(FileStream file) => _file = file;

    public const string FileName = "lock";

    /// <summary>Takes the lock, or returns null when another process holds it (<paramref name="owner"/> says which, if known).</summary>
    public static JournalLock? TryTake(string directory, out string owner)
    {
        owner = "";
        var path = Path.Combine(directory, FileName);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(Path.Combine(directory, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            return new JournalLock(file);
        }
        catch (IOException)
        {
            owner = ReadOwner(directory);
            return null;
        }
    }

    private const string OwnerFileName = "owner";

    /// <summary>The pid written by the holder, or "another process".</summary>
    public static string ReadOwner(string directory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, OwnerFileName)).Trim();
            return text.Length == 0 ? "another process" : "process " + text;
        }
        catch (IOException)
        {
            return "another process";
        }
    }

    public void Dispose() => _file.Dispose();
}
