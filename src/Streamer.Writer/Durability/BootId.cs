namespace Streamer.Writer.Durability;

/// <summary>
/// Identifies the running kernel. A checkpoint from the same boot means only the writer died (its
/// clients still hold everything unacknowledged and resend it); a different boot means the whole
/// machine restarted, so nobody will resend and every complete row on disk is worth keeping.
/// </summary>
internal static class BootId
{
    private const string LinuxPath = "/proc/sys/kernel/random/boot_id";

    /// <summary>The kernel's boot id, or "unknown" where the OS does not expose one.</summary>
    public static string Current()
    {
        try
        {
            return File.Exists(LinuxPath) ? File.ReadAllText(LinuxPath).Trim() : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
