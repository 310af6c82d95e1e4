using System.Text.RegularExpressions;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

/// <summary>The scripts the kops Commands run, run for real by bash against a fake kops.</summary>
public sealed class KopsScriptsTests : IDisposable
{
    private const string Name = "dev.k8s.example.com";
    private const string Pinned = KopsScripts.DefaultKopsVersion;

    private static readonly ClusterSettings Cluster = ClusterRulesTests.Valid with { Name = Name };

    private static readonly ClusterSettings Deletable = Cluster with { AllowDelete = true };

    private static readonly string Spec = KopsSpecRenderer.Render(
        Cluster,
        new ClusterNetwork("vpc-0abc", "10.20.0.0/16", "10.20.128.0/17", ["us-east-1a", "us-east-1d"], ["nat-0a"]),
        FakeKops.StateStore,
        "f");

    private readonly FakeKops _kops = new();

    public void Dispose() => _kops.Dispose();

    [Fact]
    public void Create_on_an_empty_store_builds_the_cluster_and_prints_a_kubeconfig_without_a_credential()
    {
        var result = Apply(Cluster);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "version --short",
                "get cluster --name dev.k8s.example.com",
                "replace -f - --force",
                "create secret encryptionconfig -f $work/encryptionconfig.yaml --name dev.k8s.example.com",
                "delete sshpublickey --name dev.k8s.example.com",
                "create sshpublickey --name dev.k8s.example.com -i $work/id.pub",
                "update cluster --name dev.k8s.example.com --yes --create-kube-config=false",
                "validate cluster --name dev.k8s.example.com --wait 15m",
                "export kubeconfig --name dev.k8s.example.com",
            ],
            _kops.KopsCommandLines.Select(WithWork));
        Assert.Contains(
            "aws: ec2 describe-tags --region us-east-1 --filters Name=key,Values=KubernetesCluster Name=value,Values=dev.k8s.example.com --output text",
            _kops.Log,
            StringComparison.Ordinal);
        Assert.StartsWith("apiVersion: v1\nkind: Config\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("server: https://api.dev.k8s.example.com", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("users:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"stdin:\n{Spec}", _kops.Log, StringComparison.Ordinal);
        Assert.Contains($"env: KOPS_STATE_STORE={FakeKops.StateStore} AWS_REGION={FakeKops.Region} KOPS_CLUSTER_NAME= KUBECONFIG=$work/kubeconfig\n", WithWork(_kops.Log), StringComparison.Ordinal);
        Assert.True(_kops.ClusterExists(Name));
        AssertNoTempFilesAndNoSecretsLeaked(result);
    }

    [Fact]
    public void Create_when_the_cluster_exists_replaces_it_and_reports_the_roll_as_pending()
    {
        Apply(Cluster);

        var result = Apply(Cluster);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("rolling-update", _kops.Calls);
        Assert.DoesNotContain("reconcile", _kops.Calls);
        Assert.Contains("\nkops-platform: pending: kops rolling-update cluster --name dev.k8s.example.com --yes\n", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["kops rolling-update cluster --name dev.k8s.example.com --yes"], KopsScripts.PendingActions(result.Stderr));
        AssertNoTempFilesAndNoSecretsLeaked(result);
    }

    [Fact]
    public void An_update_reconciles_the_cluster_when_the_config_allows_rolling()
    {
        var rolling = Cluster with { RollingUpdate = true };
        Apply(rolling);
        Assert.DoesNotContain("reconcile", _kops.Calls);
        Assert.Empty(KopsScripts.PendingActions(Apply(rolling).Stderr));

        var result = Apply(rolling);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["version", "get", "get", "replace", "create", "delete", "create", "reconcile", "validate", "export"], _kops.Calls.Skip(19));
        Assert.Contains("argv: get instancegroups --name dev.k8s.example.com -o json", _kops.Log, StringComparison.Ordinal);
        Assert.Contains("argv: reconcile cluster --name dev.k8s.example.com --yes", _kops.Log, StringComparison.Ordinal);
        Assert.Empty(KopsScripts.PendingActions(result.Stderr));
        AssertNoTempFilesAndNoSecretsLeaked(result);
    }

    [Fact]
    public void A_new_SSH_key_replaces_the_old_one()
    {
        Apply(Cluster);

        var result = _kops.Run(KopsScripts.Apply(Cluster, Pinned), Spec, sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRotatedKeyForTests ops@example.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("argv: delete sshpublickey --name dev.k8s.example.com", _kops.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_can_be_switched_off()
    {
        var result = Apply(Cluster with { Validate = false });

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("validate", _kops.Calls);
        Assert.Contains("server: https://api.dev.k8s.example.com", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("get")]
    [InlineData("replace")]
    [InlineData("sshpublickey")]
    [InlineData("secret")]
    [InlineData("update")]
    [InlineData("get-instancegroups")]
    [InlineData("reconcile")]
    [InlineData("export")]
    [InlineData("validate")]
    public void A_failure_at_any_step_fails_the_script_with_kops_stderr_and_a_rerun_converges(string step)
    {
        var rolling = Cluster with { RollingUpdate = true };
        if (step is "get-instancegroups" or "reconcile")
        {
            Apply(rolling);
        }

        var failed = Apply(rolling, failAt: step);

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"injected failure in {step}", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal("", failed.Stdout);
        AssertNoTempFilesAndNoSecretsLeaked(failed);

        var rerun = Apply(rolling);

        Assert.Equal(0, rerun.ExitCode);
        Assert.True(_kops.ClusterExists(Name));
        Assert.Contains("server: https://api.dev.k8s.example.com", rerun.Stdout, StringComparison.Ordinal);
        AssertNoTempFilesAndNoSecretsLeaked(rerun);
    }

    [Fact]
    public void Delete_removes_an_existing_cluster_when_the_config_allows_it()
    {
        Apply(Cluster);

        var result = _kops.Run(KopsScripts.Delete(Deletable, Pinned));

        Assert.Equal(0, result.ExitCode);
        Assert.False(_kops.ClusterExists(Name));
        Assert.Contains("argv: delete cluster --name dev.k8s.example.com --yes", _kops.Log, StringComparison.Ordinal);
        AssertNoTempFilesAndNoSecretsLeaked(result);
    }

    [Fact]
    public void Delete_counts_a_cluster_that_is_already_gone_as_deleted_even_when_deletion_is_not_allowed()
    {
        var result = _kops.Run(KopsScripts.Delete(Cluster, Pinned));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["version", "get"], _kops.Calls);
        Assert.Contains("dev.k8s.example.com is not in the state store; counting it as deleted", result.Stderr, StringComparison.Ordinal);
        AssertNoTempFilesAndNoSecretsLeaked(result);
    }

    [Fact]
    public void A_failed_delete_fails_and_a_rerun_converges()
    {
        Apply(Cluster);

        var failed = _kops.Run(KopsScripts.Delete(Deletable, Pinned), failAt: "delete");
        var rerun = _kops.Run(KopsScripts.Delete(Deletable, Pinned));

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("injected failure in delete", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, rerun.ExitCode);
        Assert.False(_kops.ClusterExists(Name));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("version")]
    public void A_state_store_error_on_delete_is_not_mistaken_for_a_missing_cluster_even_if_it_says_not_found(string step)
    {
        Apply(Cluster);

        var result = _kops.Run(KopsScripts.Delete(Deletable, Pinned), failAt: step);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("the specified bucket was not found", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("counting it as deleted", result.Stderr, StringComparison.Ordinal);
        Assert.True(_kops.ClusterExists(Name));
    }

    [Theory]
    [InlineData("apply")]
    [InlineData("delete")]
    [InlineData("check")]
    [InlineData("admin")]
    public void Another_kops_version_stops_every_script_before_it_touches_anything(string script)
    {
        var text = script switch
        {
            "apply" => KopsScripts.Apply(Cluster, Pinned),
            "delete" => KopsScripts.Delete(Deletable, Pinned),
            "admin" => KopsScripts.AdminKubeconfig(Cluster, Pinned),
            _ => KopsScripts.Check(Cluster, Pinned),
        };

        var result = _kops.Run(text, Spec, kopsVersion: "1.35.0");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "kops-platform: kops 1.35.0 is on PATH, but this stack pins kops 1.36.2 (kops-platform:kopsVersion); install kops 1.36.2 or change the pin\n",
            result.Stderr);
        Assert.Equal(["version"], _kops.Calls);
    }

    [Fact]
    public void Nothing_secret_is_written_into_the_scripts()
    {
        string[] scripts =
        [
            KopsScripts.Apply(Cluster, Pinned),
            KopsScripts.Delete(Deletable, Pinned),
            KopsScripts.Check(Cluster, Pinned),
            KopsScripts.AdminKubeconfig(Cluster, Pinned),
        ];

        Assert.All(scripts, script => Assert.DoesNotContain("AAAA", script, StringComparison.Ordinal));
        Assert.All(scripts, script => Assert.StartsWith("set -euo pipefail\n", script, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("timeout ")]
    [InlineData("sha256sum")]
    [InlineData("readlink -f")]
    [InlineData("sed -i")]
    [InlineData("grep -P")]
    [InlineData("kops get cluster \"$cluster\"")]
    [InlineData("sshpublickey \"$cluster\"")]
    [InlineData("declare -A")] // bash 3.2, stock macOS, has none of these
    [InlineData("mapfile")]
    [InlineData("readarray")]
    [InlineData("wait -n")]
    [InlineData("local -n")]
    [InlineData("EPOCHREALTIME")]
    [InlineData("&>>")]
    [InlineData("|&")]
    [InlineData(",,}")]
    [InlineData("^^}")]
    public void The_scripts_use_no_GNU_only_tool_no_bash_4_feature_and_no_positional_cluster_name(string forbidden)
    {
        var scripts = KopsScripts.Apply(Cluster with { RollingUpdate = true }, Pinned) + KopsScripts.Apply(Cluster, Pinned)
            + KopsScripts.Delete(Deletable, Pinned) + KopsScripts.AdminKubeconfig(Cluster, Pinned)
            + KopsScripts.ReadStore(Cluster, Pinned) + KopsScripts.Plan(Cluster, Pinned) + KopsScripts.Check(Cluster, Pinned);

        Assert.DoesNotContain(forbidden, scripts, StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_kubeconfig_script_prints_only_a_kubeconfig_with_a_credential_of_the_configured_lifetime()
    {
        Apply(Cluster);

        var result = _kops.Run(KopsScripts.AdminKubeconfig(Cluster with { KubeconfigTtl = "2h" }, Pinned));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["version", "export"], _kops.Calls.Skip(9));
        Assert.Contains("argv: export kubeconfig --name dev.k8s.example.com --admin=2h", _kops.Log, StringComparison.Ordinal);
        Assert.StartsWith("apiVersion: v1\nkind: Config\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("token: fake-admin-token-for-dev.k8s.example.com-valid-2h", result.Stdout, StringComparison.Ordinal);
        AssertNoTempFilesAndNoSecretsLeaked(result);
    }

    [Fact]
    public void Pending_actions_are_the_marker_lines_of_the_apply_stderr_in_order()
    {
        const string Stderr = "I0101 kops says things\nkops-platform: pending: kops rolling-update cluster --name a.example.com --yes\n"
            + "  kops-platform: pending: not at the start of a line\nkops-platform: pending: kops update cluster --name a.example.com --prune --yes\r\n";

        Assert.Equal(
            ["kops rolling-update cluster --name a.example.com --yes", "kops update cluster --name a.example.com --prune --yes"],
            KopsScripts.PendingActions(Stderr));
        Assert.Empty(KopsScripts.PendingActions("Cluster changes have been applied to the cloud.\n"));
    }

    private ScriptResult Apply(ClusterSettings cluster, string? failAt = null) =>
        _kops.Run(KopsScripts.Apply(cluster, Pinned), Spec, failAt);

    /// <summary>The text with the script's private temp folder written as $work.</summary>
    private string WithWork(string text) => Regex.Replace(text, Regex.Escape(_kops.TempDirectory) + @"/tmp\.\w+", "$$work");

    private void AssertNoTempFilesAndNoSecretsLeaked(ScriptResult result)
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
        Assert.DoesNotContain("fake-admin-token", _kops.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-admin-token", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(
            _kops.Log.Split('\n').Where(l => l.StartsWith("argv: ", StringComparison.Ordinal)),
            line => line.Contains("AAAAC3", StringComparison.Ordinal));
    }
}
