using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Streamer.Upload.Tests.Infrastructure;

/// <summary>
/// A real s3rver (the version pinned in tests/s3/package-lock.json) on 127.0.0.1, with one bucket, that a test
/// can stop and start again on the same port and folder (an outage). On a fresh machine the first use runs
/// <c>npm ci</c> in tests/s3, under a file lock because test assemblies run in parallel.
/// Shared with the integration tests (linked source).
/// </summary>
internal sealed class S3Server : IDisposable
{
    /// <summary>s3rver's built-in account; the tests hand it to the SDK through the standard environment variables.</summary>
    public const string AccessKey = "S3RVER";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly string _directory;
    private Process? _process;

    private S3Server(string directory, int port, string bucket)
    {
        _directory = directory;
        Port = port;
        Bucket = bucket;
    }

    public int Port { get; }

    public string Bucket { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Folder of s3rver's own files (objects live under {bucket}/).</summary>
    public string Directory => _directory;

    public static string S3Folder => Path.Combine(RepoRoot(), "tests", "s3");

    /// <summary>Installs s3rver if needed and starts it with an empty bucket.</summary>
    public static async Task<S3Server> StartAsync(string bucket = "market-data", CancellationToken ct = default)
    {
        await EnsureInstalledAsync(ct).ConfigureAwait(false);
        UseTestCredentials();
        var dir = Path.Combine(Path.GetTempPath(), "streamer-s3-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(dir);
        var server = new S3Server(dir, FreePort(), bucket);
        await server.StartAgainAsync(ct).ConfigureAwait(false);
        return server;
    }

    /// <summary>The credentials s3rver accepts, for this process and the children it starts.</summary>
    public static void UseTestCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", AccessKey);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    /// <summary>Starts (again, after <see cref="Stop"/>) on the same port and folder, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = S3Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine("node_modules", "s3rver", "bin", "s3rver.js"), "-d", _directory, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", "--configure-bucket", Bucket })
        {
            psi.ArgumentList.Add(arg);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, ct).ConfigureAwait(false);
                // The bucket is created just after the listen: wait until its folder exists.
                if (System.IO.Directory.Exists(Path.Combine(_directory, Bucket)))
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"s3rver did not start on port {Port} (exit {(_process.HasExited ? _process.ExitCode : -1)})");
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server: the store is down until <see cref="StartAgainAsync"/>.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>The bytes of an object, read from s3rver's folder (independent of the code under test).</summary>
    public byte[]? ReadObject(string key)
    {
        var path = Path.Combine(_directory, Bucket, key.Replace('/', Path.DirectorySeparatorChar) + "._S3rver_object");
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>The metadata s3rver keeps for an object (JSON: content-type, x-amz-meta-*), or null.</summary>
    public string? ReadMetadata(string key)
    {
        var path = Path.Combine(_directory, Bucket, key.Replace('/', Path.DirectorySeparatorChar) + "._S3rver_metadata.json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>Every object key in the bucket.</summary>
    public IReadOnlyList<string> Keys()
    {
        var root = Path.Combine(_directory, Bucket);
        const string suffix = "._S3rver_object";
        return System.IO.Directory.Exists(root)
            ? [.. System.IO.Directory.EnumerateFiles(root, "*" + suffix, SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f)[..^suffix.Length].Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal)]
            : [];
    }

    public void Dispose()
    {
        Stop();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        var folder = S3Folder;
        var marker = Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js");
        await InstallGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Another test assembly may be installing at the same moment: one npm ci at a time, machine-wide.
            using var installLock = await LockFileAsync(Path.Combine(folder, ".install.lock"), ct).ConfigureAwait(false);
            if (File.Exists(marker))
            {
                return;
            }

            var psi = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            {
                psi.ArgumentList.Add(arg);
            }

            using var npm = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start (node 20 with npm is needed for the upload tests)");
            var output = npm.StandardOutput.ReadToEndAsync(ct);
            var error = npm.StandardError.ReadToEndAsync(ct);
            await npm.WaitForExitAsync(ct).ConfigureAwait(false);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed ({npm.ExitCode}): {await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<FileStream> LockFileAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot() =>
        typeof(S3Server).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!;
}
