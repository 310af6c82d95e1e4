using System.Diagnostics;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Runs kops-platform's scripts the way Pulumi.Command does (<c>/bin/bash -c script</c>, stdin, environment), with
/// tests/FakeKops (a fake kops and a fake aws) first on PATH, and a private world per instance: an S3 of state-store
/// buckets, a cloud, a log, a TMPDIR and a HOME.
/// </summary>
public sealed class FakeKops : IDisposable
{
    public const string StateStore = "s3://fake-state";
    public const string Region = "us-east-1";
    public const string SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests0123456789abcdefABCDEF ops@example.com";

    private readonly string _root = Directory.CreateTempSubdirectory("fake-kops-").FullName;

    public FakeKops()
    {
        Directory.CreateDirectory(TempDirectory);
        Directory.CreateDirectory(HomeDirectory);
        CreateBucket(StateStore);
    }

    /// <summary>The TMPDIR the scripts get: whatever they leave behind stays here.</summary>
    public string TempDirectory => Path.Combine(_root, "tmp");

    /// <summary>The HOME the scripts get, so that nothing they do can reach the real ~/.kube/config.</summary>
    public string HomeDirectory => Path.Combine(_root, "home");

    public string HomeKubeconfig => Path.Combine(HomeDirectory, ".kube", "config");

    public string LogPath => Path.Combine(_root, "kops.log");

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    /// <summary>The kops sub-commands called so far, e.g. "version", "get", "replace".</summary>
    public IReadOnlyList<string> Calls => [.. KopsCommandLines.Select(l => l.Split(' ')[0])];

    /// <summary>Every kops command line so far, without "kops", e.g. "get cluster --name dev.k8s.example.com".</summary>
    public IReadOnlyList<string> KopsCommandLines =>
        [.. Log.Split('\n').Where(l => l.StartsWith("argv: ", StringComparison.Ordinal)).Select(l => l["argv: ".Length..])];

    /// <summary>Makes an empty bucket, such as a new state store, at <c>s3://name</c>.</summary>
    public void CreateBucket(string store) => Directory.CreateDirectory(StoreFolder(store));

    public string StoreFolder(string store = StateStore) => Path.Combine(_root, "s3", store["s3://".Length..]);

    /// <summary>Every file in the bucket, by its path inside the bucket, with its content: a snapshot to compare.</summary>
    public IReadOnlyDictionary<string, string> StoreContents(string store = StateStore)
    {
        var folder = StoreFolder(store);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToDictionary(file => Path.GetRelativePath(folder, file), File.ReadAllText);
    }

    public bool ClusterExists(string name, string store = StateStore) => File.Exists(Path.Combine(StoreFolder(store), name, "config"));

    public IReadOnlyList<string> StoredInstanceGroups(string name, string store = StateStore)
    {
        var folder = Path.Combine(StoreFolder(store), name, "instancegroup");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];
    }

    /// <summary>What kops applied to the cloud for the cluster, one "Kind key value" line per resource.</summary>
    public IReadOnlyList<string> CloudResources(string name) => CloudFile(name, "resources");

    /// <summary>Every time a node group was let launch a kubelet newer than its control plane ran.</summary>
    public IReadOnlyList<string> KubeletSkew(string name) => CloudFile(name, "skew");

    /// <summary>The fake kops processes (and their children) that slept and are still running.</summary>
    public IReadOnlyList<int> LiveSleepingKopsProcesses() =>
    [
        .. Log.Split('\n')
            .Where(l => l.StartsWith("pids: ", StringComparison.Ordinal))
            .SelectMany(l => l["pids: ".Length..].Split(' '))
            .Select(int.Parse)
            .Where(IsRunning),
    ];

    public ScriptResult Run(
        string script,
        string stdin = "",
        string? failAt = null,
        string? kopsVersion = null,
        string sshPublicKey = SshPublicKey,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var running = Start(script, stdin, failAt, kopsVersion, sshPublicKey, environment);
        return running.WaitForExit(TimeSpan.FromSeconds(30));
    }

    public RunningScript Start(
        string script,
        string stdin = "",
        string? failAt = null,
        string? kopsVersion = null,
        string sshPublicKey = SshPublicKey,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var inherited in new[] { "KUBECONFIG", "KOPS_CLUSTER_NAME", "FAKE_KOPS_FAIL", "FAKE_KOPS_SLEEP", "FAKE_KOPS_VERSION", "FAKE_AWS_FAIL", "AWS_DEFAULT_REGION" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["PATH"] = $"{Path.Combine(StackConfig.RepositoryRoot, "tests", "FakeKops")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["TMPDIR"] = TempDirectory;
        start.Environment["HOME"] = HomeDirectory;
        start.Environment["FAKE_KOPS_S3"] = Path.Combine(_root, "s3");
        start.Environment["FAKE_KOPS_CLOUD"] = Path.Combine(_root, "cloud");
        start.Environment["FAKE_KOPS_LOG"] = LogPath;
        start.Environment["KOPS_STATE_STORE"] = StateStore;
        start.Environment["AWS_REGION"] = Region;
        start.Environment["KOPS_SSH_PUBLIC_KEY"] = sshPublicKey;
        if (failAt is not null)
        {
            start.Environment["FAKE_KOPS_FAIL"] = failAt;
        }

        if (kopsVersion is not null)
        {
            start.Environment["FAKE_KOPS_VERSION"] = kopsVersion;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new RunningScript(Process.Start(start)!, stdin);
    }

    /// <summary>Waits (briefly) until the log has a line starting with the prefix, e.g. "pids: " once kops sleeps.</summary>
    public void WaitForLogLine(string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Log.Split('\n').Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No log line starting with '{prefix}' in 10 s. Log:\n{Log}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>The text as one bash word, in single quotes.</summary>
    public static string Quote(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<string> CloudFile(string name, string file)
    {
        var path = Path.Combine(_root, "cloud", Region, name, file);
        return File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0)] : [];
    }

    // A zombie has finished: only its parent has not collected it yet.
    private static bool IsRunning(int pid)
    {
        var ps = new ProcessStartInfo("ps") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-o", "stat=", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            ps.ArgumentList.Add(argument);
        }

        using var process = Process.Start(ps)!;
        var state = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && !state.StartsWith('Z');
    }
}

/// <summary>A script started by <see cref="FakeKops.Start"/>: still running until <see cref="WaitForExit"/> says.</summary>
public sealed class RunningScript : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    internal RunningScript(Process process, string stdin)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
    }

    /// <summary>Sends a signal (e.g. TERM, what a Pulumi cancel sends) to bash alone, not to its process group.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>
    /// Waits for bash to exit and its output to end: a process the script left running would still hold the output
    /// open, so that counts as not finishing.
    /// </summary>
    public ScriptResult WaitForExit(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        if (!_process.WaitForExit(limit))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The script did not finish in {limit.TotalSeconds} s.");
        }

        if (!Task.WaitAll([_stdout, _stderr], Max(deadline - DateTime.UtcNow, TimeSpan.Zero)))
        {
            throw new TimeoutException($"The script exited ({_process.ExitCode}), but something it started still holds its output open.");
        }

        return new ScriptResult(_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose() => _process.Dispose();
}

public sealed record ScriptResult(int ExitCode, string Stdout, string Stderr);
