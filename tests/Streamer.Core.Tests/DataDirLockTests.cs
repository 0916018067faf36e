using System.Diagnostics;
using NUnit.Framework;
using Streamer.Core.Ownership;

namespace Streamer.Core.Tests;

/// <summary>
/// The data directory lock really excludes another process (not only another handle of ours), the owner is
/// found by asking the kernel, and it is free again the moment its holder dies. The other process is
/// util-linux <c>flock</c>, which takes the same kind of lock (flock LOCK_EX) as .NET's FileShare.None.
/// </summary>
[Platform("Linux")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class DataDirLockTests
{
    private const string FlockTool = "/usr/bin/flock";
    private string _dataDir = "";

    [SetUp]
    public void SetUp()
    {
        if (!File.Exists(FlockTool))
        {
            Assert.Ignore("needs util-linux flock");
        }

        _dataDir = Directory.CreateTempSubdirectory("lock-test-").FullName;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dataDir, recursive: true);

    [Test]
    public void WhileWeHoldIt_AnotherProcessCannotTakeIt_AndAfterwardsItCan()
    {
        using (var held = DataDirLock.TryAcquire(_dataDir))
        {
            Assert.That(held, Is.Not.Null);
            Assert.That(Flock("-n", held!.Path, "true"), Is.EqualTo(1), "flock -n fails: the lock excludes another process");
            Assert.That(DataDirLock.FindOwner(_dataDir), Is.EqualTo(Environment.ProcessId));
            Assert.That(DataDirLock.TryAcquire(_dataDir), Is.Null, "a second handle, even in this process, is refused");
        }

        Assert.That(Flock("-n", DataDirLock.PathFor(_dataDir), "true"), Is.Zero, "released on Dispose");
        Assert.That(DataDirLock.FindOwner(_dataDir), Is.Null);
        Assert.That(File.ReadAllText(DataDirLock.PathFor(_dataDir)).Trim(), Is.EqualTo(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "the file names its (last) holder, for people");
    }

    [Test]
    public async Task WhileAnotherProcessHoldsIt_WeAreRefused_ItIsTheOwner_AndItsDeathFreesIt()
    {
        var path = DataDirLock.PathFor(_dataDir);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // -o: the command (sleep) does not inherit the descriptor, so only the flock process holds the lock.
        using var holder = Process.Start(new ProcessStartInfo(FlockTool) { ArgumentList = { "-n", "-o", path, "sleep", "60" } })!;
        try
        {
            Assert.That(await WaitAsync(() => DataDirLock.FindOwner(_dataDir) == holder.Id), Is.True, "found through the kernel's lock table");
            Assert.That(DataDirLock.TryAcquire(_dataDir), Is.Null);

            holder.Kill(entireProcessTree: true); // SIGKILL: no chance to unlock
            await holder.WaitForExitAsync();
            using var held = DataDirLock.TryAcquire(_dataDir);
            Assert.That(held, Is.Not.Null, "the kernel released the lock when its holder died");
            Assert.That(DataDirLock.FindOwner(_dataDir), Is.EqualTo(Environment.ProcessId));
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill(entireProcessTree: true);
            }
        }
    }

    [Test]
    public void TheOwnerIsFound_ThroughASymlinkedPathToo()
    {
        var link = _dataDir + "-link";
        Directory.CreateSymbolicLink(link, _dataDir);
        try
        {
            using var held = DataDirLock.TryAcquire(_dataDir);
            Assert.That(DataDirLock.FindOwner(link), Is.EqualTo(Environment.ProcessId));
            Assert.That(DataDirLock.TryAcquire(link), Is.Null);
        }
        finally
        {
            Directory.Delete(link);
        }
    }

    [Test]
    public void ADirectoryNobodyEverLocked_HasNoOwner() => Assert.That(DataDirLock.FindOwner(_dataDir), Is.Null);

    private static int Flock(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(FlockTool, args))!;
        p.WaitForExit();
        return p.ExitCode;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
