using System.Diagnostics;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Runs kops-platform's scripts the way Pulumi.Command does (<c>/bin/bash -c script</c>, stdin, environment), with
/// tests/FakeKops/kops first on PATH and a private state store, log and TMPDIR per instance.
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
    }

    /// <summary>The TMPDIR the scripts get: whatever they leave behind stays here.</summary>
    public string TempDirectory => Path.Combine(_root, "tmp");

    public string LogPath => Path.Combine(_root, "kops.log");

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    /// <summary>The kops sub-commands called so far, e.g. "version", "get", "replace".</summary>
    public IReadOnlyList<string> Calls => [.. Log.Split('\n').Where(l => l.StartsWith("argv: ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1])];

    public bool ClusterExists(string name) => Directory.Exists(Path.Combine(_root, "state", name));

    public ScriptResult Run(string script, string stdin = "", string? failAt = null, string? kopsVersion = null, string sshPublicKey = SshPublicKey)
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
        start.Environment["PATH"] = $"{Path.Combine(StackConfig.RepositoryRoot, "tests", "FakeKops")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["TMPDIR"] = TempDirectory;
        start.Environment["FAKE_KOPS_STATE"] = Path.Combine(_root, "state");
        start.Environment["FAKE_KOPS_LOG"] = LogPath;
        start.Environment["KOPS_STATE_STORE"] = StateStore;
        start.Environment["AWS_REGION"] = Region;
        start.Environment["KOPS_SSH_PUBLIC_KEY"] = sshPublicKey;
        start.Environment.Remove("KUBECONFIG");
        if (failAt is not null)
        {
            start.Environment["FAKE_KOPS_FAIL"] = failAt;
        }

        if (kopsVersion is not null)
        {
            start.Environment["FAKE_KOPS_VERSION"] = kopsVersion;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The script did not finish in 30 s.");
        }

        return new ScriptResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

public sealed record ScriptResult(int ExitCode, string Stdout, string Stderr);
