using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests;

/// <summary>
/// The scripts the workflows run, run here: the deploy's check that each existing cluster's API is reachable (against a
/// fake <c>pulumi</c> and listeners on loopback), and the kops install's refusal of a release without a committed checksum.
/// </summary>
public sealed class WorkflowScriptTests : IDisposable
{
    private const string Stack = "acme/dev";

    private readonly string _bin = Directory.CreateTempSubdirectory("fake-pulumi-").FullName;

    public WorkflowScriptTests()
    {
        // A pulumi that answers `stack output [NAME] --stack S --json` from the environment, and fails on request.
        var pulumi = Path.Combine(_bin, "pulumi");
        File.WriteAllText(pulumi, """
            #!/usr/bin/env bash
            [ -z "${FAKE_PULUMI_FAIL:-}" ] || { echo "error: $FAKE_PULUMI_FAIL" >&2; exit 255; }
            echo "$*" >>"$FAKE_PULUMI_LOG"
            if [ "$3" = clusterKubeconfigs ]; then printf '%s\n' "$FAKE_KUBECONFIGS"; else printf '%s\n' "$FAKE_OUTPUTS"; fi
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pulumi, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    [Fact]
    public void A_cluster_whose_API_accepts_connections_passes_the_check()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var result = CheckApi(Kubeconfigs($"https://127.0.0.1:{Port(listener)}"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"API https://127.0.0.1:{Port(listener)}: reachable from this runner\n", result.Stdout);
        Assert.Equal(
            $"stack output --stack {Stack} --json\nstack output clusterKubeconfigs --stack {Stack} --json\n",
            File.ReadAllText(Path.Combine(_bin, "log")));
    }

    [Fact]
    public void A_refused_connection_fails_the_check_naming_the_server_and_the_runner_variable()
    {
        var port = FreePort();

        var result = CheckApi(Kubeconfigs($"https://127.0.0.1:{port}"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"::error::the API server https://127.0.0.1:{port} of a cluster in stack {Stack} is not reachable from this runner " +
            $"(no TCP connection to 127.0.0.1:{port} within 3 s). pulumi up would change the cluster and then fail when kops " +
            "validates or rolls it. Run deploys on a runner inside the cluster's apiAccess, or inside the VPC (its admin tier) " +
            "for an internal API load balancer, by setting the repository variable DEPLOY_RUNNER to that runner's label " +
            "(README: CI, The deploy runner).\n",
            result.Stderr);
    }

    [Fact]
    public void Every_cluster_is_checked_and_one_unreachable_API_fails_the_check()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = FreePort();

        var result = CheckApi($$"""
            {
              "a.k8s.example.com": "apiVersion: v1\nclusters:\n- cluster:\n    server: https://127.0.0.1:{{Port(listener)}}\n  name: a.k8s.example.com\n",
              "b.k8s.example.com": "apiVersion: v1\nclusters:\n- cluster:\n    server: https://127.0.0.1:{{closed}}\n  name: b.k8s.example.com\n"
            }
            """);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"API https://127.0.0.1:{Port(listener)}: reachable from this runner\n", result.Stdout);
        Assert.StartsWith($"::error::the API server https://127.0.0.1:{closed} of a cluster", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// A listener whose accept queue is full drops new connection attempts unanswered, as a firewall does: the check
    /// gives up at its bound instead of waiting for the system's connect timeout (minutes).
    /// </summary>
    [Fact]
    public void An_unanswered_connection_fails_the_check_at_its_bound()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = Enumerable.Range(0, 4).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false }).ToList();
        foreach (var filler in fillers)
        {
            try
            {
                filler.Connect(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                // In progress, or dropped: either way the queue fills.
            }
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var result = CheckApi(Kubeconfigs($"https://127.0.0.1:{port}"), timeoutSeconds: 2);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"(no TCP connection to 127.0.0.1:{port} within 2 s)", result.Stderr, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }

    [Fact]
    public void A_server_without_a_port_is_checked_on_443()
    {
        var result = CheckApi(Kubeconfigs("https://localhost/"), timeoutSeconds: 1);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(no TCP connection to localhost:443 within 1 s)", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"vpcId": "vpc-1"}""", "::notice::stack acme/dev has deployed no cluster yet (no clusterKubeconfigs output): no API to check\n")]
    [InlineData("""{"clusterKubeconfigs": {}}""", "::notice::stack acme/dev has no cluster yet: no API to check\n")]
    public void A_stack_without_clusters_has_nothing_to_check(string outputs, string notice)
    {
        var result = CheckApi("{}", outputs: outputs);

        Assert.Equal((0, notice, ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Outputs_that_cannot_be_read_fail_the_check()
    {
        var result = CheckApi("{}", environment: new() { ["FAKE_PULUMI_FAIL"] = "no stack named 'dev' found" });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: no stack named 'dev' found\n::error::could not read the outputs of stack acme/dev (is the Pulumi CLI logged in?)\n",
            result.Stderr);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public void The_bound_is_whole_seconds(string timeout)
    {
        var result = CheckApi("{}", environment: new() { ["API_CHECK_TIMEOUT"] = timeout });

        Assert.Equal((2, $"::error::API_CHECK_TIMEOUT must be a whole number of seconds, not '{timeout}'\n"), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public void The_kops_install_refuses_a_release_without_a_committed_checksum_before_downloading_it()
    {
        // No fake curl is needed: the refusal comes before any download, and a curl that ran would fail the test
        // through the message below.
        var result = Run(Path.Combine(StackConfig.RepositoryRoot, ".github", "scripts", "install-kops.sh"), ["0.0.1"], []);

        var platform = Run("/bin/bash", ["-c", "echo kops-$(uname -s | tr A-Z a-z)-$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')"], []).Stdout.Trim();
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"::error::.github/kops.sha256 has no checksum for kops v0.0.1 ({platform}), so it is not installed. Add the line " +
            $"'<sha256> v0.0.1 {platform}' in its own commit: take the sha256 from " +
            $"https://github.com/kubernetes/kops/releases/download/v0.0.1/{platform}.sha256 and confirm it from a second source " +
            "(a download on another network, or the release's signed provenance) before committing it.\n",
            result.Stderr);
    }

    [Fact]
    public void The_committed_kops_checksums_are_well_formed()
    {
        var lines = File.ReadAllLines(Path.Combine(StackConfig.RepositoryRoot, ".github", "kops.sha256"))
            .Where(line => !line.StartsWith('#') && line.Length > 0);

        Assert.All(lines, line => Assert.Matches(@"^[0-9a-f]{64} v\d+\.\d+\.\d+ kops-(linux|darwin)-(amd64|arm64)$", line));
    }

    private static string Kubeconfigs(string server) =>
        $$"""
        {
          "dev.k8s.example.com": "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: RkFLRS1DQQ==\n    server: {{server}}\n  name: dev.k8s.example.com\n"
        }
        """;

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>A loopback port nothing listens on: one the system just handed out and took back.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Port(listener);
    }

    private Result CheckApi(string kubeconfigs, string outputs = """{"clusterKubeconfigs": {}}""", int timeoutSeconds = 3, Dictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["FAKE_PULUMI_LOG"] = Path.Combine(_bin, "log"),
            ["FAKE_OUTPUTS"] = outputs,
            ["FAKE_KUBECONFIGS"] = kubeconfigs,
            ["API_CHECK_TIMEOUT"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in environment ?? [])
        {
            variables[name] = value;
        }

        return Run("/bin/bash", [Path.Combine(StackConfig.RepositoryRoot, ".github", "scripts", "check-api-reachable.sh"), Stack], variables);
    }

    private static Result Run(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past 30 s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr);
}
