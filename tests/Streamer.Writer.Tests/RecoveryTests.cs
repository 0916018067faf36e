using Streamer.Writer.Durability;
using Streamer.Core.Storage;
using Streamer.Writer.Tests.Support;

namespace Streamer.Writer.Tests;

/// <summary>What a start does to the files after a crash, driven by the checkpoint.</summary>
public class RecoveryTests
{
    private string _dir = "";
    private CheckpointStore _store = null!;
    private TestLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "stmr-wt-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(_dir, "BTCUSDT"));
        _store = new CheckpointStore(PhysicalFileSystem.Instance, _dir);
        _store.EnsureDirectory();
        _log = new TestLog();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private const string A = "BTCUSDT/aggtrade_BTCUSDT_20250314.csv";
    private const string B = "BTCUSDT/depth_BTCUSDT_20250314.csv";

    private string PathOf(string relative) => Path.Combine(_dir, relative);

    private Checkpoint Recover(string bootId) => new Recovery(PhysicalFileSystem.Instance, _dir, _store, bootId, _log.CreateLogger("t")).Run();

    [Test]
    public void SameBoot_CutsEveryRegisteredFileBackToItsCheckpointedLength_AndDropsFilesRegisteredEmpty()
    {
        File.WriteAllText(PathOf(A), "h\n1\n2\n3\n4"); // "3\n4" was never acknowledged; "4" is torn
        File.WriteAllText(PathOf(B), "h\n9\n");      // created after being registered at length 0
        _store.Write(new Checkpoint("boot", new Dictionary<string, ulong> { ["worker:BTCUSDT"] = 2 },
            new Dictionary<string, long> { [A] = 6, [B] = 0 }, []), durable: true);

        var recovered = Recover("boot");

        Assert.That(File.ReadAllText(PathOf(A)), Is.EqualTo("h\n1\n2\n"));
        Assert.That(File.Exists(PathOf(B)), Is.False);
        Assert.That(recovered.Sources["worker:BTCUSDT"], Is.EqualTo(2UL));
        Assert.That(recovered.Files, Is.EquivalentTo(new Dictionary<string, long> { [A] = 6 }));
        Assert.That(_store.Read().Checkpoint!.Files, Is.EquivalentTo(recovered.Files), "the recovered state is checkpointed");
    }

    [Test]
    public void OtherBoot_KeepsEveryCompleteRow_AndCutsOnlyTheTornOne()
    {
        File.WriteAllText(PathOf(A), "h\n1\n2\n3\n4");
        _store.Write(new Checkpoint("old-boot", new Dictionary<string, ulong> { ["worker:BTCUSDT"] = 2 },
            new Dictionary<string, long> { [A] = 6 }, []), durable: true);

        var recovered = Recover("new-boot");

        Assert.That(File.ReadAllText(PathOf(A)), Is.EqualTo("h\n1\n2\n3\n"));
        Assert.That(recovered.Files[A], Is.EqualTo(8));
        Assert.That(_log.Contains("machine restarted"), Is.True);
    }

    [Test]
    public void DamagedCheckpoint_TrimsTornRowsInOtherExchangesFoldersToo()
    {
        const string spot = "binance-spot/BTCUSDT/aggtrade_BTCUSDT_20250314.csv";
        const string staged = "binance-cm/.staging/BTCUSD_PERP/depth_BTCUSD_PERP_20250314.csv";
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(spot))!);
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(staged))!);
        File.WriteAllText(PathOf(spot), "h\n1\n2");
        File.WriteAllText(PathOf(staged), "h\n7\n8");
        File.WriteAllText(_store.FilePath, "streamer-writer-checkpoint 1\nend\t0000");

        Recover("boot");

        Assert.That(File.ReadAllText(PathOf(spot)), Is.EqualTo("h\n1\n"));
        Assert.That(File.ReadAllText(PathOf(staged)), Is.EqualTo("h\n7\n"));
    }

    [Test]
    public void DamagedCheckpoint_TrimsTornRowsEverywhere_AndStartsSourcesAfresh()
    {
        File.WriteAllText(PathOf(A), "h\n1\n2");
        File.WriteAllText(PathOf(B), "h");
        File.WriteAllText(_store.FilePath, "streamer-writer-checkpoint 1\nsource\t5\tworker:BTCUSDT\nend\t0000");

        var recovered = Recover("boot");

        Assert.That(File.ReadAllText(PathOf(A)), Is.EqualTo("h\n1\n"));
        Assert.That(File.Exists(PathOf(B)), Is.False, "a file holding only a torn header is removed");
        Assert.That(recovered.Sources, Is.Empty);
        Assert.That(_log.Contains("damaged"), Is.True);
    }

    [Test]
    public void SameBoot_FileShorterThanItsCheckpoint_IsReportedAsLoss()
    {
        File.WriteAllText(PathOf(A), "h\n1\n");
        _store.Write(new Checkpoint("boot", new Dictionary<string, ulong>(), new Dictionary<string, long> { [A] = 10 }, []), durable: true);
        var recovery = new Recovery(PhysicalFileSystem.Instance, _dir, _store, "boot", _log.CreateLogger("t"));
        recovery.Run();
        Assert.That(File.ReadAllText(PathOf(A)), Is.EqualTo("h\n1\n"));
        Assert.That(_log.Contains("were lost"), Is.True);
        Assert.That(recovery.Losses.Single(), Is.EqualTo(new RecoveredLoss("binance-um", "BTCUSDT", "aggtrade",
            "6 byte(s) of acknowledged rows missing at the end of aggtrade_BTCUSDT_20250314.csv after a crash")));
    }
}
