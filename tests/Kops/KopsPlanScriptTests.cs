using System.Diagnostics;
using System.Text.RegularExpressions;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Scripts;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;
using Xunit.Abstractions;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// The plan script (issue 10), run by bash against the fake kops and aws: what kops would do, worked out on a private
/// copy of the state store, never written back, bounded in time, and reported as unavailable rather than failing.
/// Most tests plan against one cluster applied once (<see cref="AppliedCluster"/>): a plan writes nowhere, which
/// <see cref="A_plan_works_on_a_private_copy_and_writes_to_neither_the_store_nor_the_cloud"/> checks.
/// </summary>
public sealed class KopsPlanScriptTests(KopsPlanScriptTests.AppliedCluster applied)
    : IClassFixture<KopsPlanScriptTests.AppliedCluster>
{
    private const string Pinned = KopsScripts.DefaultKopsVersion;

    private static readonly ClusterSettings Cluster = ClusterRulesTests.Valid;

    /// <summary>One more and one dropped API CIDR, and a bigger node group.</summary>
    private static readonly ClusterSettings Changed = Cluster with { ApiAccess = ["198.51.100.0/24"], Nodes = new() { Min = 2, Max = 6 } };

    private static readonly ClusterSettings NewCluster = Cluster with { Name = "new.k8s.example.com" };

    private static readonly Dictionary<string, string> NoEnvironment = [];

    public static TheoryData<string, string, string> Literals { get; } = new()
    {
        { "kops usable", KopsScriptSteps.KopsUsable(), "run_in_own_group kops version --short </dev/null >\"$work/version\" 2>/dev/null" },
        { "kops usable", KopsScriptSteps.KopsUsable(), "echo \"unavailable: kops is not on PATH\"\n    return 1\n" },
        { "stored spec", KopsScriptSteps.PrintStoredSpec(), "print_stored_spec() {\n  kops_usable || return 0\n" },
        { "copy store", KopsScriptSteps.CopyStore(), "aws s3 sync \"${bucket%/}/$cluster/\" \"$work/store/$cluster\" --exclude 'backups/*' </dev/null >/dev/null 2>\"$work/aws.err\"" },
        { "config base", KopsScriptSteps.PointConfigBaseAtCopy(), "copy=\"file://$work/store/$cluster\" awk '/^  configBase: / { $0 = \"  configBase: \" ENVIRON[\"copy\"] } { print }' \"$work/spec.yaml\" >\"$work/plan.yaml\"" },
        { "plan in copy", KopsScriptSteps.PlanInCopy(encryptionSecret: true), "tee_output \"$work/replace.log\" kops replace -f - --force --state \"file://$work/store\" <\"$work/plan.yaml\"" },
        { "plan in copy", KopsScriptSteps.PlanInCopy(encryptionSecret: true), "tee_output \"$work/plan.log\" kops update cluster --name \"$cluster\" --state \"file://$work/store\" --create-kube-config=false </dev/null" },
        { "plan in copy", KopsScriptSteps.PlanInCopy(encryptionSecret: true), "  echo \"planned\"\n  cat \"$work/plan.log\"\n" },
        { "within bound", KopsScriptSteps.WithinBound(TimeSpan.FromSeconds(1.5)), "( sleep 2; echo \"no result within 2 s, the bound kops-platform sets; it stopped kops and aws\" >\"$work/expired\"; kill -TERM 0 ) </dev/null >/dev/null 2>&1 &\n  trap 'trap \"\" TERM; kill -TERM 0' EXIT\n" },
        { "within bound", KopsScriptSteps.WithinBound(TimeSpan.FromSeconds(1)), "  for step in \"$@\"; do\n    \"$step\" || break\n  done\n" },
        { "plan", KopsScripts.Plan(Cluster, Pinned), "sleep 300;" },
        { "plan", KopsScripts.Plan(Cluster, Pinned), "bucket=${KOPS_STATE_STORE:-}\nunset KOPS_STATE_STORE\nsave_spec\nkops_usable || exit 0\npoint_config_base_at_copy\n" },
        { "plan", KopsScripts.Plan(Cluster, Pinned), "if run_in_own_group within_bound copy_store plan_in_copy >\"$work/report\"; then\n  cat \"$work/report\"\nelse\n  echo \"unavailable: $(cat \"$work/expired\" 2>/dev/null || echo \"the plan was stopped from outside\")\"\nfi\n" },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void Each_step_writes_its_literal_commands(string step, string bash, string expected) =>
        Assert.True(bash.Contains(expected, StringComparison.Ordinal), $"{step}:\n{bash}");

    [Fact]
    public void A_bound_under_a_second_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KopsScriptSteps.WithinBound(TimeSpan.FromMilliseconds(500)));

    [Fact]
    public void The_applied_spec_plans_no_changes()
    {
        var plan = Plan(applied.Kops, Cluster);

        Assert.Equal(0, plan.ExitCode);
        Assert.Equal("planned\nNo changes need to be applied\n", plan.Stdout);
    }

    [Fact]
    public void A_changed_spec_plans_what_kops_creates_and_modifies_and_the_deletions_it_defers()
    {
        var plan = Plan(applied.Kops, Changed);

        Assert.Equal(0, plan.ExitCode);
        Assert.Equal(
            """
            planned
            Will create resources:
              SecurityGroupRule/api/198.51.100.0/24
              	443

            Will modify resources:
              AutoscalingGroup/nodes.dev.k8s.example.com
              	max                 	 4 -> 6

            Items will be deleted only when the --prune flag is specified:
              SecurityGroupRule    api/203.0.113.0/24

            Must specify --yes to apply changes

            """,
            plan.Stdout);
    }

    [Fact]
    public void A_plan_works_on_a_private_copy_and_writes_to_neither_the_store_nor_the_cloud()
    {
        var kops = applied.Kops;
        var store = kops.StoreContents();
        var cloud = kops.CloudResources(Cluster.Name);
        var logStart = kops.Log.Length;

        var plan = Plan(kops, Changed);

        Assert.StartsWith("planned\n", plan.Stdout, StringComparison.Ordinal);
        Assert.Equal(store, kops.StoreContents());
        Assert.Equal(cloud, kops.CloudResources(Cluster.Name));
        var log = WithWork(kops, kops.Log[logStart..]);
        Assert.Equal(
            [
                "argv: version --short",
                "aws: s3 sync s3://fake-state/dev.k8s.example.com/ $work/store/dev.k8s.example.com --exclude backups/*",
                "argv: replace -f - --force --state file://$work/store",
                "argv: create secret encryptionconfig -f $work/encryptionconfig.yaml --name dev.k8s.example.com --state file://$work/store",
                "argv: update cluster --name dev.k8s.example.com --state file://$work/store --create-kube-config=false",
            ],
            log.Split('\n').Where(l => l.StartsWith("aws: ", StringComparison.Ordinal) || l.StartsWith("argv: ", StringComparison.Ordinal)));
        Assert.All(
            log.Split('\n').Where(l => l.StartsWith("env: ", StringComparison.Ordinal)),
            env => Assert.StartsWith("env: KOPS_STATE_STORE= AWS_REGION=us-east-1 KOPS_CLUSTER_NAME= KUBECONFIG=$work/kubeconfig", env, StringComparison.Ordinal));
        Assert.Equal(
            ["config", "instancegroup/control-plane-us-east-1a", "instancegroup/nodes", $"pki/ssh/public/admin/{applied.SshKeyId}", "secrets/encryptionconfig"],
            log.Split('\n').Where(l => l.StartsWith("aws copied: ", StringComparison.Ordinal)).Select(l => l["aws copied: ".Length..]).Order(StringComparer.Ordinal));
        var replaced = log[log.IndexOf("stdin:\n", StringComparison.Ordinal)..];
        Assert.Contains("\n  configBase: file://$work/store/dev.k8s.example.com\n", replaced, StringComparison.Ordinal);
        Assert.DoesNotContain("s3://", replaced, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(kops.TempDirectory));
    }

    [Fact]
    public void A_cluster_the_store_lacks_plans_its_creation()
    {
        var plan = Plan(applied.Kops, NewCluster);

        Assert.Equal(0, plan.ExitCode);
        Assert.StartsWith("planned\nWill create resources:\n", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("  LaunchTemplate/control-plane-us-east-1a.", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("  AutoscalingGroup/control-plane-us-east-1a.", plan.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Will modify resources:", plan.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\nMust specify --yes to apply changes\n", plan.Stdout, StringComparison.Ordinal);
        Assert.False(applied.Kops.ClusterExists(NewCluster.Name));
        Assert.Empty(applied.Kops.CloudResources(NewCluster.Name));
    }

    [Theory]
    [InlineData("FAKE_KOPS_VERSION", "1.35.0", "unavailable: kops 1.35.0 is on PATH, but the stack pins kops 1.36.2\n")]
    [InlineData("FAKE_AWS_FAIL", "no credentials", "unavailable: aws s3 sync s3://fake-state/new.k8s.example.com/ failed: Unable to locate credentials. You can configure credentials by running \"aws configure\".\n")]
    [InlineData("FAKE_KOPS_FAIL", "replace", "unavailable: kops replace failed on the copy of the state store: Error: injected failure in replace (NoSuchBucket: the specified bucket was not found)\n")]
    [InlineData("FAKE_KOPS_FAIL", "update", "unavailable: kops update cluster failed: Error: injected failure in update (NoSuchBucket: the specified bucket was not found)\n")]
    [InlineData("PATH", "/usr/bin:/bin", "unavailable: kops is not on PATH\n")]
    public void What_stops_a_plan_is_reported_as_unavailable_and_the_script_succeeds(string variable, string value, string stdout)
    {
        using var kops = new FakeKops();

        var plan = Plan(kops, NewCluster, new Dictionary<string, string> { [variable] = value });

        Assert.Equal(0, plan.ExitCode);
        Assert.Equal(stdout, plan.Stdout);
        Assert.False(kops.ClusterExists(NewCluster.Name));
        Assert.Empty(Directory.EnumerateFileSystemEntries(kops.TempDirectory));
    }

    [Fact]
    public void Without_aws_on_path_a_plan_is_unavailable()
    {
        using var kops = new FakeKops();
        var kopsOnly = Directory.CreateDirectory(Path.Combine(kops.HomeDirectory, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(kopsOnly, "kops"), Path.Combine(StackConfig.RepositoryRoot, "tests", "FakeKops", "kops"));

        var plan = Plan(kops, NewCluster, new Dictionary<string, string> { ["PATH"] = $"{kopsOnly}:/usr/bin:/bin" });

        Assert.Equal(0, plan.ExitCode);
        Assert.Equal("unavailable: the AWS CLI (aws) is not on PATH\n", plan.Stdout);
    }

    [Fact]
    public void A_plan_that_outlives_its_bound_is_stopped_and_reported_and_leaves_no_process()
    {
        using var kops = new FakeKops();
        var clock = Stopwatch.StartNew();

        // kops hangs in the first call after the copy, so that what comes before it fits in the second on a busy machine.
        var plan = kops.Run(
            KopsScripts.Plan(NewCluster, Pinned, TimeSpan.FromSeconds(1)),
            Spec(NewCluster),
            environment: new Dictionary<string, string> { ["FAKE_KOPS_SLEEP"] = "replace:30" });

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        Assert.Equal(0, plan.ExitCode);
        Assert.Equal("unavailable: no result within 1 s, the bound kops-platform sets; it stopped kops and aws\n", plan.Stdout);
        Assert.Contains("pids: ", kops.Log, StringComparison.Ordinal);
        Assert.Empty(kops.LiveSleepingKopsProcesses());
        Assert.Empty(Directory.EnumerateFileSystemEntries(kops.TempDirectory));
    }

    [Fact]
    public void A_cancelled_plan_stops_kops_and_the_watchdog_and_removes_its_copy()
    {
        using var kops = new FakeKops();
        using var running = kops.Start(
            KopsScripts.Plan(NewCluster, Pinned, TimeSpan.FromSeconds(317)),
            Spec(NewCluster),
            environment: new Dictionary<string, string> { ["FAKE_KOPS_SLEEP"] = "update:30" });
        kops.WaitForLogLine("pids: ");

        running.Signal("TERM");
        var plan = running.WaitForExit(TimeSpan.FromSeconds(10));

        Assert.Equal(143, plan.ExitCode);
        Assert.Equal("", plan.Stdout);
        Assert.Empty(kops.LiveSleepingKopsProcesses());
        Assert.True(SpinWait.SpinUntil(() => !Processes().Contains("sleep 317"), TimeSpan.FromSeconds(5)), "The watchdog outlived the cancel.");
        Assert.Empty(Directory.EnumerateFileSystemEntries(kops.TempDirectory));
    }

    [Fact]
    public void When_the_steps_end_first_the_watchdog_ends_with_them()
    {
        var result = applied.Kops.Run(
            KopsScriptSteps.Preamble(Cluster, Pinned) + KopsScriptSteps.RunInOwnGroup() + KopsScriptSteps.Cancel() + KopsScriptSteps.WithinBound(TimeSpan.FromSeconds(313))
            + KopsScriptSteps.PrivateFolderAndTraps()
            + """
              fails() { echo "unavailable: why"; return 1; }
              never() { echo "never"; }
              run_in_own_group within_bound fails never
              """);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("unavailable: why\n", result.Stdout);
        Assert.True(SpinWait.SpinUntil(() => !Processes().Contains("sleep 313"), TimeSpan.FromSeconds(5)), "The watchdog's sleep outlived the job.");
    }

    private static ScriptResult Plan(FakeKops kops, ClusterSettings cluster, IReadOnlyDictionary<string, string>? environment = null) =>
        kops.Run(KopsScripts.Plan(cluster, Pinned), Spec(cluster), environment: environment ?? NoEnvironment);

    private static string Spec(ClusterSettings cluster) => KopsSpecRenderer.Render(cluster, AppliedCluster.Network, FakeKops.StateStore, "f");

    private static string WithWork(FakeKops kops, string text) => Regex.Replace(text, Regex.Escape(kops.TempDirectory) + @"/tmp\.\w+", "$$work");

    private static List<string> Processes()
    {
        var ps = new ProcessStartInfo("ps", ["-eo", "args="]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(ps)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n').Select(l => l.Trim()).ToList();
        process.WaitForExit();
        return lines;
    }

    /// <summary>
    /// dev.k8s.example.com applied once to the fake's state store and cloud, for the plans to compare with, and an etcd
    /// backup beside it, as etcd-manager keeps them.
    /// </summary>
    public sealed class AppliedCluster : IDisposable
    {
        public static readonly ClusterNetwork Network = new("vpc-0abc", "10.20.0.0/16", "10.20.128.0/17", ["us-east-1a"], ["nat-0a"]);

        public AppliedCluster()
        {
            var apply = Kops.Run(KopsScripts.Apply(Cluster, Pinned), Spec(Cluster));
            Assert.True(apply.ExitCode == 0, apply.Stderr);
            var cluster = Path.Combine(Kops.StoreFolder(), Cluster.Name);
            SshKeyId = Path.GetFileName(Directory.GetFiles(Path.Combine(cluster, "pki", "ssh", "public", "admin")).Single());
            var backup = Directory.CreateDirectory(Path.Combine(cluster, "backups", "etcd", "main", "2026-01-01T00:00:00Z")).FullName;
            File.WriteAllText(Path.Combine(backup, "etcd.backup.gz"), "an etcd snapshot");
        }

        public FakeKops Kops { get; } = new();

        /// <summary>The name kops stored the cluster's SSH key under.</summary>
        public string SshKeyId { get; }

        public void Dispose() => Kops.Dispose();
    }
}
