using KopsPlatform.Kops;
using KopsPlatform.Kops.Scripts;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

/// <summary>Each step builder: the literal commands and flags it writes, and, run by bash alone, what it does.</summary>
public sealed class KopsScriptStepsTests : IDisposable
{
    private static readonly ClusterSettings Cluster = ClusterRulesTests.Valid with { Name = "dev.k8s.example.com" };

    private readonly FakeKops _kops = new();

    public void Dispose() => _kops.Dispose();

    public static TheoryData<string, string, string> Literals { get; } = new()
    {
        { "preamble", KopsScriptSteps.Preamble(Cluster, "1.36.2"), "set -euo pipefail\ncluster='dev.k8s.example.com'\npinned='1.36.2'\n" },
        { "preamble", KopsScriptSteps.Preamble(Cluster, "1.36.2"), "\nunset KOPS_CLUSTER_NAME\n" },
        { "preamble", KopsScriptSteps.Preamble(Cluster with { Name = "it's" }, "1.36.2"), "cluster='it'\\''s'\n" },
        { "private folder and traps", KopsScriptSteps.PrivateFolderAndTraps(), "work=$(mktemp -d)\ntrap 'rm -rf \"$work\"' EXIT\ntrap 'cancel 130' INT\ntrap 'cancel 143' TERM\ntrap 'cancel 129' HUP\nexport KUBECONFIG=\"$work/kubeconfig\"\n" },
        { "run in own group", KopsScriptSteps.RunInOwnGroup(), "  set -m\n  \"$@\" &\n  child=$!\n  set +m\n  wait \"$child\" || status=$?\n" },
        { "cancel", KopsScriptSteps.Cancel(), "    kill -TERM -- \"-$child\" 2>/dev/null || true\n    wait \"$child\" 2>/dev/null || true\n" },
        { "check version", KopsScriptSteps.CheckVersion(), "run_in_own_group kops version --short </dev/null >\"$work/version\"" },
        { "cluster exists", KopsScriptSteps.ClusterExists(), "run_in_own_group kops get cluster --name \"$cluster\" </dev/null >/dev/null 2>\"$work/get.err\"" },
        { "cluster exists", KopsScriptSteps.ClusterExists(), "grep -qF \"cluster not found \\\"$cluster\\\"\" \"$work/get.err\"" },
        { "save spec", KopsScriptSteps.SaveSpec(), "  cat >\"$work/spec.yaml\"\n" },
        { "running elsewhere", KopsScriptSteps.RefuseIfRunningElsewhere(), "run_in_own_group aws ec2 describe-tags --region \"$region\" \\\n      --filters Name=key,Values=KubernetesCluster \"Name=value,Values=$cluster\" --output text </dev/null >\"$work/tags\"" },
        { "dropped groups", KopsScriptSteps.FindDroppedGroups(), "run_in_own_group kops get instancegroups --name \"$cluster\" -o json </dev/null >\"$work/groups.json\"" },
        { "replace", KopsScriptSteps.ReplaceSpec(), "run_in_own_group kops replace -f - --force <\"$work/spec.yaml\" >&2" },
        { "ssh key", KopsScriptSteps.InstallSshKey(), "run_in_own_group kops delete sshpublickey --name \"$cluster\" </dev/null >&2\n  printf '%s\\n' \"${KOPS_SSH_PUBLIC_KEY:?kops-platform: KOPS_SSH_PUBLIC_KEY must hold the SSH public key}\" >\"$work/id.pub\"\n  run_in_own_group kops create sshpublickey --name \"$cluster\" -i \"$work/id.pub\" </dev/null >&2" },
        { "delete dropped", KopsScriptSteps.DeleteDroppedGroups(), "run_in_own_group kops delete instancegroup \"$group\" --name \"$cluster\" --yes </dev/null >&2" },
        { "update", KopsScriptSteps.UpdateCluster(), "run_in_own_group tee_output \"$work/update.log\" kops update cluster --name \"$cluster\" --yes --create-kube-config=false </dev/null" },
        { "tee", KopsScriptSteps.TeeOutput(), "\"$@\" 2>&1 | tee \"$file\" >&2" },
        { "reconcile", KopsScriptSteps.ReconcileCluster(), "run_in_own_group kops reconcile cluster --name \"$cluster\" --yes </dev/null >&2" },
        { "validate", KopsScriptSteps.ValidateCluster("20m"), "run_in_own_group kops validate cluster --name \"$cluster\" --wait 20m </dev/null >&2" },
        { "kubeconfig", KopsScriptSteps.PrintKubeconfig(), "run_in_own_group kops export kubeconfig --name \"$cluster\" </dev/null >&2\n  cat \"$KUBECONFIG\"\n" },
        { "admin kubeconfig", KopsScriptSteps.PrintKubeconfig("3h"), "run_in_own_group kops export kubeconfig --name \"$cluster\" --admin=3h </dev/null >&2\n  cat \"$KUBECONFIG\"\n" },
        { "delete", KopsScriptSteps.DeleteCluster(), "run_in_own_group kops delete cluster --name \"$cluster\" --yes </dev/null >&2" },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void Each_step_writes_its_literal_commands(string step, string bash, string expected) =>
        Assert.True(bash.Contains(expected, StringComparison.Ordinal), $"{step}:\n{bash}");

    [Fact]
    public void A_command_runs_in_a_process_group_of_its_own_and_its_failure_is_the_step_failure()
    {
        var result = Run(string.Empty, """
            run_in_own_group sh -c 'ps -o pgid= -p $$ | tr -d " "; echo $$'
            if run_in_own_group sh -c 'exit 3'; then echo "passed"; else echo "failed $?"; fi
            """);

        var lines = result.Stdout.Split('\n');
        Assert.Equal(lines[1], lines[0]);
        Assert.Equal("failed 3", lines[2]);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("""[{"kind":"InstanceGroup","metadata":{"name":"control-plane-us-east-1a","labels":{"name":"x"}},"spec":{"role":"ControlPlane","subnets":["a","b"]}},{"kind":"InstanceGroup","metadata":{"name":"nodes-spot"},"spec":{"role":"Node"}},{"metadata":{"name":"nodes"},"spec":{"role":"Node"}}]""")]
    [InlineData("""
        [
          {"kind": "InstanceGroup", "metadata": {"name": "nodes-spot", "annotations": {"a": "b\"c"}}, "spec": {"role": "Node", "hooks": [{"name": "h"}]}}
        ]
        """)]
    [InlineData("""{"kind":"InstanceGroup","metadata":{"name":"nodes-spot"},"spec":{"role":"Node"}}""")]
    public void Dropped_groups_are_the_ones_kops_lists_and_the_spec_does_not_name(string json)
    {
        const string Spec = """
            kind: Cluster
            metadata:
              name: dev.k8s.example.com
            ---
            apiVersion: kops.k8s.io/v1alpha2
            kind: InstanceGroup
            metadata:
              name: control-plane-us-east-1a
            spec:
              role: ControlPlane
            ---
            kind: InstanceGroup
            metadata:
              labels:
                name: not-this
              name: nodes
            """;

        var result = Run(KopsScriptSteps.SaveSpec() + KopsScriptSteps.FindDroppedGroups(), $$"""
            kops() { printf '%s\n' {{FakeKops.Quote(json)}}; }
            save_spec
            find_dropped_groups
            cat "$work/dropped"
            """, Spec);

        Assert.Equal("nodes-spot Node\n", result.Stdout);
    }

    [Theory]
    [InlineData("nodes-spot Node\n", 0, "")]
    [InlineData("", 0, "")]
    [InlineData(
        "control-plane-us-east-1c ControlPlane\nnodes-spot Node\nmaster-us-east-1d Master\n",
        1,
        "kops-platform: refusing to remove the control-plane instance groups control-plane-us-east-1c master-us-east-1d from cluster dev.k8s.example.com: kops cannot remove etcd members, so a control plane can only grow. Set controlPlane.count back to its current value; nothing was changed.\n")]
    public void Only_node_groups_may_be_dropped(string dropped, int exitCode, string stderr)
    {
        var result = Run(KopsScriptSteps.RefuseDroppingControlPlanes(), $"""
            printf '%s' {FakeKops.Quote(dropped)} >"$work/dropped"
            refuse_dropping_control_planes
            """);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(stderr, result.Stderr);
    }

    [Theory]
    [InlineData("Cluster changes have been applied to the cloud.\n", "")]
    [InlineData(
        "\nCluster changes have been applied to the cloud.\n\n\nChanges may require instances to restart: kops rolling-update cluster\n\n",
        "kops-platform: pending: kops rolling-update cluster --name dev.k8s.example.com --yes\n")]
    [InlineData(
        "I0612 10:00:00.000000   4242 default_methods.go:122] not deleting SecurityGroupRule/sg-0a: port=443 protocol=tcp ip=198.51.100.0/24 ipv6= because it is marked for deferred-deletion\n"
        + "Changes may require instances to restart: kops rolling-update cluster\n",
        "kops-platform: pending: kops rolling-update cluster --name dev.k8s.example.com --yes\nkops-platform: pending: kops update cluster --name dev.k8s.example.com --prune --yes\n")]
    public void Pending_actions_are_what_kops_says_is_left(string updateOutput, string markers)
    {
        var result = Run(KopsScriptSteps.ReportPendingActions(), $"""
            printf '%s' {FakeKops.Quote(updateOutput)} >"$work/update.log"
            report_pending_actions
            """);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(markers, result.Stderr);
    }

    [Fact]
    public void The_delete_refusal_names_the_cluster_and_what_to_set()
    {
        var result = Run(KopsScriptSteps.RefuseDelete(), "refuse_delete");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "kops-platform: refusing to delete cluster dev.k8s.example.com: its config did not set allowDelete: true at the last successful up. "
            + "To delete it, set allowDelete: true on the cluster in kops-platform:clusters, run pulumi up, then remove the cluster and run pulumi up again.\n",
            result.Stderr);
    }

    /// <summary>Runs the steps' functions and a body in the scripts' own frame (preamble, traps, temp folder).</summary>
    private ScriptResult Run(string steps, string body, string stdin = "") => _kops.Run(
        KopsScriptSteps.Preamble(Cluster, "1.36.2") + KopsScriptSteps.RunInOwnGroup() + KopsScriptSteps.Cancel() + steps + KopsScriptSteps.PrivateFolderAndTraps() + body,
        stdin);
}
