using KopsPlatform.Kops;

namespace KopsPlatform.Tests.Kops;

public class StoreDriftTests
{
    private const string Applied = """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata:
          name: dev.k8s.example.com
        spec:
          kubernetesApiAccess:
          - 203.0.113.0/24
          kubernetesVersion: 1.35.4
          subnets:
          - cidr: 10.20.128.0/22
            name: us-east-1a
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: nodes
        spec:
          maxSize: 4
          minSize: 2
        """;

    // What kops prints back: the same values, plus defaults and timestamps of its own.
    private const string StoredAsApplied = """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata:
          creationTimestamp: "2026-11-20T10:00:00Z"
          name: dev.k8s.example.com
        spec:
          kubeProxy:
            enabled: false
          kubernetesApiAccess:
          - 203.0.113.0/24
          kubernetesVersion: 1.35.4
          subnets:
          - cidr: 10.20.128.0/22
            name: us-east-1a
            type: Private
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          creationTimestamp: "2026-11-20T10:00:00Z"
          name: nodes
        spec:
          image: 099720109477/ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20251101
          maxSize: 4
          minSize: 2
        """;

    [Fact]
    public void A_store_that_holds_every_applied_value_has_not_drifted() =>
        Assert.True(StoreDrift.Holds(Applied, StoredAsApplied));

    [Theory]
    [InlineData("kubernetesVersion: 1.35.4", "kubernetesVersion: 1.36.0")]
    [InlineData("  - 203.0.113.0/24\n", "  - 203.0.113.0/24\n  - 0.0.0.0/0\n")]
    [InlineData("maxSize: 4", "maxSize: 9")]
    [InlineData("cidr: 10.20.128.0/22", "cidr: 10.20.160.0/22")]
    [InlineData("  kubernetesApiAccess:\n  - 203.0.113.0/24\n", "")]
    public void An_edited_value_is_drift(string applied, string stored) =>
        Assert.False(StoreDrift.Holds(Applied, StoredAsApplied.Replace(applied, stored, StringComparison.Ordinal)));

    [Fact]
    public void An_instance_group_left_over_from_a_failed_apply_is_drift() =>
        Assert.False(StoreDrift.Holds(Applied, StoredAsApplied + "\n---\napiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n  name: spot\nspec:\n  maxSize: 1\n"));

    [Fact]
    public void A_missing_instance_group_is_drift() =>
        Assert.False(StoreDrift.Holds(Applied, StoredAsApplied[..StoredAsApplied.IndexOf("---", StringComparison.Ordinal)]));

    [Fact]
    public void A_store_in_step_keeps_the_term_the_last_up_used()
    {
        Assert.Equal(new DriftCheck("drift-0123456789abcdef", null), StoreDrift.Check(Applied, $"stored\n{StoredAsApplied}", "drift-0123456789abcdef"));
        Assert.Equal(new DriftCheck("", null), StoreDrift.Check(Applied, $"stored\n{StoredAsApplied}", null));
    }

    [Fact]
    public void A_drifted_store_gets_a_term_named_after_its_content()
    {
        var drifted = $"stored\n{StoredAsApplied.Replace("maxSize: 4", "maxSize: 9", StringComparison.Ordinal)}";

        var check = StoreDrift.Check(Applied, drifted, "");

        Assert.Matches("^drift-[0-9a-f]{16}$", check.Term);
        Assert.Equal(check, StoreDrift.Check(Applied, drifted, ""));
        Assert.NotEqual(check.Term, StoreDrift.Check(Applied, drifted.Replace("maxSize: 9", "maxSize: 8", StringComparison.Ordinal), "").Term);
        Assert.Contains("the apply runs again", check.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_that_drifts_to_the_same_content_again_gets_a_new_term()
    {
        var drifted = $"stored\n{StoredAsApplied.Replace("maxSize: 4", "maxSize: 9", StringComparison.Ordinal)}";
        var first = StoreDrift.Check(Applied, drifted, "").Term;

        // Repaired under that term, then the same failed change left the same content behind.
        var second = StoreDrift.Check(Applied, drifted, first).Term;

        Assert.StartsWith("drift-", second, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("absent\n")]
    [InlineData("unavailable: kops is not on PATH\n")]
    public void A_store_that_cant_be_compared_keeps_the_term(string read) =>
        Assert.Equal("drift-0123456789abcdef", StoreDrift.Check(Applied, read, "drift-0123456789abcdef").Term);

    [Fact]
    public void An_unreadable_store_is_said_and_a_new_cluster_is_not_checked()
    {
        Assert.Equal("the state store could not be read (kops is not on PATH), so drift was not checked",
            StoreDrift.Check(Applied, "unavailable: kops is not on PATH\n", null).Note);
        Assert.Equal(new DriftCheck("", null), StoreDrift.Check(null, $"stored\n{StoredAsApplied}", null));
    }
}
