using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// Day-2 operations (GitHub issues 8 and 9): two successive configs of one cluster, each applied by the real scripts
/// against one fake kops world, then what the state store and the cloud hold.
/// </summary>
public sealed class KopsScenarioTests : IDisposable
{
    private const string Name = "dev.k8s.example.com";
    private const string Pinned = KopsScripts.DefaultKopsVersion;
    private const string Office = "198.51.100.0/24";
    private const string RsaKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQRotatedRsaKeyForTests ops@example.com";
    private const string EcdsaKey = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYFakeKeyForTests ops@example.com";

    private static readonly ClusterSettings Cluster = ClusterRulesTests.Valid with { Name = Name, ApiAccess = ["203.0.113.0/24", Office] };

    private readonly FakeKops _kops = new();

    public void Dispose() => _kops.Dispose();

    [Fact]
    public void A_dropped_API_CIDR_is_closed_when_rolling_updates_are_on()
    {
        var rolling = Cluster with { RollingUpdate = true };
        Assert.Equal(0, Apply(rolling).ExitCode);
        Assert.Contains($"SecurityGroupRule api/{Office} 443", _kops.CloudResources(Name));

        var result = Apply(rolling with { ApiAccess = ["203.0.113.0/24"] });

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain($"SecurityGroupRule api/{Office} 443", _kops.CloudResources(Name));
        Assert.Contains("SecurityGroupRule api/203.0.113.0/24 443", _kops.CloudResources(Name));
        Assert.Empty(KopsScripts.PendingActions(result.Stderr));
    }

    [Fact]
    public void A_dropped_API_CIDR_stays_open_without_rolling_updates_and_the_prune_is_reported_as_pending()
    {
        Assert.Equal(0, Apply(Cluster).ExitCode);

        var result = Apply(Cluster with { ApiAccess = ["203.0.113.0/24"] });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"SecurityGroupRule api/{Office} 443", _kops.CloudResources(Name));
        Assert.Contains("kops-platform: pending: kops update cluster --name dev.k8s.example.com --prune --yes\n", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(
            ["kops rolling-update cluster --name dev.k8s.example.com --yes", "kops update cluster --name dev.k8s.example.com --prune --yes"],
            KopsScripts.PendingActions(result.Stderr));
    }

    [Fact]
    public void New_node_sizes_are_applied_and_a_node_group_the_spec_dropped_is_deleted_before_the_update()
    {
        var first = Apply(Cluster, SpecWithSpotNodes(Cluster));
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("nodes-spot", _kops.StoredInstanceGroups(Name));

        var resized = Cluster with { Nodes = new() { MachineType = "m6i.large", Min = 3, Max = 6 } };
        var before = _kops.KopsCommandLines.Count;
        var result = Apply(resized);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["control-plane-us-east-1a", "nodes"], _kops.StoredInstanceGroups(Name));
        Assert.Contains(
            "InstanceGroup nodes role=Node machineType=m6i.large min=3 max=6 subnets=us-east-1a,us-east-1d,us-east-1c image=- version=1.35.4",
            _kops.CloudResources(Name));
        Assert.DoesNotContain(_kops.CloudResources(Name), line => line.Contains("nodes-spot", StringComparison.Ordinal));
        var resize = _kops.KopsCommandLines.Skip(before).ToList();
        var deleted = IndexOf(resize, "delete instancegroup nodes-spot --name dev.k8s.example.com --yes");
        Assert.True(IndexOf(resize, "replace -f - --force") < deleted);
        Assert.True(deleted < IndexOf(resize, "update cluster --name dev.k8s.example.com --yes --create-kube-config=false"));
    }

    [Fact]
    public void A_Kubernetes_upgrade_with_rolling_updates_reconciles_without_a_plain_update_first()
    {
        var rolling = Cluster with { RollingUpdate = true, KubernetesVersion = "1.34.3" };
        Assert.Equal(0, Apply(rolling).ExitCode);
        var before = _kops.KopsCommandLines.Count;

        var result = Apply(rolling with { KubernetesVersion = "1.35.4" });

        Assert.Equal(0, result.ExitCode);
        var upgrade = _kops.KopsCommandLines.Skip(before).ToList();
        Assert.Contains("reconcile cluster --name dev.k8s.example.com --yes", upgrade);
        Assert.DoesNotContain(upgrade, line => line.StartsWith("update cluster", StringComparison.Ordinal));
        Assert.Empty(_kops.KubeletSkew(Name));
        Assert.Contains(_kops.CloudResources(Name), line => line.StartsWith("InstanceGroup nodes ", StringComparison.Ordinal) && line.EndsWith("version=1.35.4", StringComparison.Ordinal));
    }

    [Fact]
    public void An_RSA_key_replaces_the_old_key()
    {
        Assert.Equal(0, Apply(Cluster).ExitCode);

        var result = Apply(Cluster, sshPublicKey: RsaKey);

        Assert.Equal(0, result.ExitCode);
        var keys = Directory.GetFiles(Path.Combine(_kops.StoreFolder(), Name, "pki", "ssh", "public", "admin"));
        Assert.Equal(RsaKey + "\n", File.ReadAllText(Assert.Single(keys)));
    }

    [Fact]
    public void An_ECDSA_key_fails_the_update_as_kops_does()
    {
        var result = Apply(Cluster, sshPublicKey: EcdsaKey);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AWS can only import RSA and ed25519 keys", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void KOPS_CLUSTER_NAME_in_the_environment_changes_nothing()
    {
        var environment = new Dictionary<string, string> { ["KOPS_CLUSTER_NAME"] = "other.k8s.example.com" };
        var deletable = Cluster with { AllowDelete = true };

        Assert.Equal(0, Apply(deletable, environment: environment).ExitCode);
        Assert.Equal(0, Apply(deletable with { RollingUpdate = true }, environment: environment).ExitCode);
        Assert.Equal(0, _kops.Run(KopsScripts.AdminKubeconfig(deletable, Pinned), environment: environment).ExitCode);
        Assert.Equal(0, _kops.Run(KopsScripts.Delete(deletable, Pinned), environment: environment).ExitCode);

        Assert.False(_kops.ClusterExists(Name));
        Assert.DoesNotContain("other.k8s.example.com", string.Join('\n', _kops.KopsCommandLines), StringComparison.Ordinal);
    }

    [Fact]
    public void No_script_creates_a_kubeconfig_in_HOME()
    {
        RunEveryScript();

        Assert.False(File.Exists(_kops.HomeKubeconfig));
    }

    [Fact]
    public void No_script_changes_an_existing_kubeconfig_in_HOME()
    {
        const string Mine = "apiVersion: v1\nkind: Config\ncurrent-context: dev.k8s.example.com\n# the operator's own\n";
        Directory.CreateDirectory(Path.GetDirectoryName(_kops.HomeKubeconfig)!);
        File.WriteAllText(_kops.HomeKubeconfig, Mine);

        RunEveryScript();

        Assert.Equal(Mine, File.ReadAllText(_kops.HomeKubeconfig));
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    [InlineData("HUP", 129)]
    public void A_cancel_stops_kops_and_everything_it_started_and_removes_the_temp_folder(string signal, int exitCode)
    {
        using var script = _kops.Start(
            KopsScripts.Apply(Cluster, Pinned),
            SpecFor(Cluster),
            environment: new Dictionary<string, string> { ["FAKE_KOPS_SLEEP"] = "update:20" });
        _kops.WaitForLogLine("pids: ");

        script.Signal(signal);
        var result = script.WaitForExit(TimeSpan.FromSeconds(5));

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Empty(_kops.LiveSleepingKopsProcesses());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Delete_refuses_unless_the_config_allowed_it_and_then_deletes()
    {
        Assert.Equal(0, Apply(Cluster).ExitCode);

        var refused = _kops.Run(KopsScripts.Delete(Cluster, Pinned));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.True(_kops.ClusterExists(Name));
        Assert.DoesNotContain(_kops.KopsCommandLines, line => line.StartsWith("delete cluster", StringComparison.Ordinal));
        Assert.Contains("refusing to delete cluster dev.k8s.example.com", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("allowDelete: true", refused.Stderr, StringComparison.Ordinal);

        var deleted = _kops.Run(KopsScripts.Delete(Cluster with { AllowDelete = true }, Pinned));

        Assert.Equal(0, deleted.ExitCode);
        Assert.False(_kops.ClusterExists(Name));
        Assert.Empty(_kops.CloudResources(Name));
    }

    [Fact]
    public void A_cluster_missing_from_a_new_state_store_but_alive_in_the_cloud_is_not_created_again()
    {
        Assert.Equal(0, Apply(Cluster).ExitCode);
        const string NewStore = "s3://new-state";
        _kops.CreateBucket(NewStore);
        var before = _kops.KopsCommandLines.Count;

        var result = Apply(Cluster, environment: new Dictionary<string, string> { ["KOPS_STATE_STORE"] = NewStore });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.StoreFolder(NewStore)));
        Assert.DoesNotContain(_kops.KopsCommandLines.Skip(before), line => line.StartsWith("replace", StringComparison.Ordinal));
        Assert.Contains("KubernetesCluster=dev.k8s.example.com", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("kops-platform:stateStore.bucket", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("aws: ec2 describe-tags", _kops.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_AWS_CLI_stops_a_create_instead_of_passing_for_no_resources()
    {
        var result = Apply(Cluster, environment: new Dictionary<string, string> { ["FAKE_AWS_FAIL"] = "1" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(_kops.ClusterExists(Name));
        Assert.DoesNotContain("replace", _kops.Calls);
        Assert.Contains("Unable to locate credentials", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Shrinking_the_control_plane_is_refused_before_the_spec_is_replaced()
    {
        var three = Cluster with { ControlPlane = new() { Count = 3 } };
        Assert.Equal(0, Apply(three).ExitCode);
        var before = _kops.KopsCommandLines.Count;

        var result = Apply(Cluster);

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(_kops.KopsCommandLines.Skip(before), line => line.StartsWith("replace", StringComparison.Ordinal));
        Assert.Equal(["control-plane-us-east-1a", "control-plane-us-east-1c", "control-plane-us-east-1d", "nodes"], _kops.StoredInstanceGroups(Name));
        Assert.Contains("control-plane-us-east-1c", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("etcd", result.Stderr, StringComparison.Ordinal);
    }

    private static string SpecFor(ClusterSettings cluster) => KopsSpecRenderer.Render(
        cluster,
        new ClusterNetwork("vpc-0abc", "10.20.0.0/16", "10.20.128.0/17", ["us-east-1a", "us-east-1d", "us-east-1c"], ["nat-0a"]),
        FakeKops.StateStore,
        "f");

    /// <summary>The cluster's spec plus a second node group, as a config with more node groups would render it.</summary>
    private static string SpecWithSpotNodes(ClusterSettings cluster) => SpecFor(cluster) + """
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: nodes-spot
          labels:
            kops.k8s.io/cluster: dev.k8s.example.com
        spec:
          machineType: m6i.large
          maxSize: 3
          minSize: 0
          role: Node
          subnets:
          - us-east-1a

        """;

    private static int IndexOf(List<string> commands, string command)
    {
        var index = commands.IndexOf(command);
        Assert.True(index >= 0, $"No '{command}' in:\n{string.Join('\n', commands)}");
        return index;
    }

    private ScriptResult Apply(
        ClusterSettings cluster,
        string? spec = null,
        string sshPublicKey = FakeKops.SshPublicKey,
        IReadOnlyDictionary<string, string>? environment = null) =>
        _kops.Run(KopsScripts.Apply(cluster, Pinned), spec ?? SpecFor(cluster), sshPublicKey: sshPublicKey, environment: environment);

    private void RunEveryScript()
    {
        var cluster = Cluster with { AllowDelete = true };
        Assert.Equal(0, _kops.Run(KopsScripts.Check(cluster, Pinned)).ExitCode);
        Assert.Equal(0, Apply(cluster).ExitCode);
        Assert.Equal(0, Apply(cluster with { Nodes = new() { Max = 5 } }).ExitCode);
        Assert.Equal(0, Apply(cluster with { RollingUpdate = true, Nodes = new() { Max = 6 } }).ExitCode);
        Assert.Equal(0, _kops.Run(KopsScripts.AdminKubeconfig(cluster, Pinned)).ExitCode);
        Assert.Equal(0, _kops.Run(KopsScripts.Delete(cluster, Pinned)).ExitCode);
    }
}
