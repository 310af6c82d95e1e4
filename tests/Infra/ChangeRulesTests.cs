using System.Collections.Immutable;
using KopsPlatform.Infra;
using KopsPlatform.Infra.Configuration;
using KopsPlatform.Kops;
using KopsPlatform.Platform;
using KopsPlatform.Tests.Kops;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Infra;

public class ChangeRulesTests
{
    [Theory]
    [InlineData("1.33.2", "1.35.0", true, "kops-platform:clusters[0].kubernetesVersion: 1.33.2 to 1.35.0 skips 1.34, and Kubernetes upgrades one minor version at a time. Upgrade to 1.34 first and run pulumi up, then to 1.35.")]
    [InlineData("1.31.0", "1.36.0", true, "skips 1.32")]
    [InlineData("1.36.0", "1.31.9", true, "runs Kubernetes 1.36.0, and Kubernetes can't be downgraded to 1.31. Keep 1.36.x.")]
    [InlineData("1.35.0", "1.34.9", true, "can't be downgraded to 1.34")]
    [InlineData("1.34.1", "1.35.0", false, "upgrading dev.k8s.example.com from 1.34 to 1.35 with rollingUpdate off")]
    [InlineData("1.30.2", "1.32.0", true, "1.30.2 to 1.32.0 skips 1.31")] // recorded under a release that supported 1.30
    [InlineData("v1.31.9", "1.33.0", true, "1.31.9 to 1.33.0 skips 1.32")]
    public void Kubernetes_versions_that_cant_follow_are_refused(string from, string to, bool rolling, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => ChangeRules.Check(Config(Cluster(to, rolling)), Previous(from)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.34.1", "1.35.0", true)]
    [InlineData("1.35.4", "1.35.0", false)]
    [InlineData("1.35.0", "1.35.9", false)]
    [InlineData("1.35.4", "1.35.4", false)]
    public void Kubernetes_versions_that_can_follow_pass(string from, string to, bool rolling) =>
        ChangeRules.Check(Config(Cluster(to, rolling)), Previous(from));

    [Fact]
    public void A_cluster_the_last_up_did_not_record_has_nothing_to_keep()
    {
        var previous = Previous("1.35.4") with { Clusters = ImmutableDictionary<string, ClusterRecord>.Empty };

        ChangeRules.Check(Config(Cluster("1.31.0", rolling: false) with { Slot = 3 }), previous);
    }

    [Theory]
    [InlineData(false, false, "kops-platform:clusters: dev.k8s.example.com is no longer listed, which deletes the cluster, but its last up did not allow that. Put dev.k8s.example.com back with allowDelete: true and run pulumi up; then remove it")]
    [InlineData(false, true, null)]
    [InlineData(true, false, "kops-platform:clusters: dev.k8s.example.com is no longer listed")]
    public void Removing_a_cluster_needs_allowDelete_at_the_last_up(bool onlyInSpecs, bool allowed, string? message)
    {
        var record = new ClusterRecord(0, "1.35.4", 1, "Public", allowed);
        var previous = PreviousDeployment.None with
        {
            // A stack from before the records names its clusters only in kopsSpecs.
            Clusters = onlyInSpecs ? ImmutableDictionary<string, ClusterRecord>.Empty : ImmutableDictionary<string, ClusterRecord>.Empty.Add("dev.k8s.example.com", record),
            ClusterNames = ImmutableHashSet.Create("dev.k8s.example.com"),
        };
        var config = Config(Cluster("1.35.4", rolling: false) with { Name = "ci.k8s.example.com", Slot = 1 });

        var error = Record.Exception(() => ChangeRules.Check(config, previous));

        if (message is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.StartsWith(message, Assert.IsType<InvalidInputException>(error).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_protected_network_without_clusters_of_its_own_keeps_its_block()
    {
        var previous = PreviousDeployment.None with { VpcCidr = "10.20.0.0/16" };
        var config = Config(Cluster("1.35.4", rolling: false)) with { Clusters = [], Protect = true, Vpc = new KopsPlatform.Network.VpcArgs { CidrBlock = "10.21.0.0/16", AvailabilityZones = ["us-east-1a"] } };

        var error = Assert.Throws<InvalidInputException>(() => ChangeRules.Check(config, previous));

        Assert.Equal(
            "kops-platform:network.cidr: the VPC's block 10.20.0.0/16 can't change under the running clusters (those of the stacks that use this protected network). Put cidr 10.20.0.0/16 back. A new block means a new network, and clusters built in it.",
            error.Message);
        ChangeRules.Check(config with { Protect = false }, previous);
    }

    [Fact]
    public void Records_read_back_from_outputs_whose_numbers_came_back_as_doubles()
    {
        var outputs = new Dictionary<string, object?>
        {
            ["clusters"] = ImmutableDictionary<string, object>.Empty
                .Add("a.k8s.example.com", ImmutableDictionary<string, object>.Empty
                    .Add("slot", 2.0).Add("kubernetesVersion", "1.34.2").Add("controlPlaneCount", 3.0).Add("apiLoadBalancer", "Internal").Add("allowDelete", true))
                .Add("b.k8s.example.com", ImmutableDictionary<string, object>.Empty.Add("slot", "two")),
            ["kopsSpecs"] = ImmutableDictionary<string, object>.Empty.Add("c.k8s.example.com", "apiVersion: kops.k8s.io/v1alpha2"),
            ["availabilityZones"] = ImmutableArray.Create<object>("us-east-1a", "us-east-1b"),
            ["stateStoreCreated"] = false,
        };

        var previous = PreviousDeployment.FromOutputs(outputs);

        Assert.Equal(new ClusterRecord(2, "1.34.2", 3, "Internal", AllowDelete: true), Assert.Single(previous.Clusters).Value);
        Assert.Equal(["a.k8s.example.com", "c.k8s.example.com"], previous.ClusterNames.Order());
        Assert.Equal(["us-east-1a", "us-east-1b"], previous.AvailabilityZones);
        Assert.False(previous.StateStoreCreated);
        Assert.Null(previous.StateStore);
    }

    private static ClusterSettings Cluster(string version, bool rolling) =>
        ClusterRulesTests.Valid with { KubernetesVersion = version, RollingUpdate = rolling };

    private static PlatformConfig Config(ClusterSettings cluster) =>
        new("us-east-1", "dev", new KopsPlatform.Network.VpcArgs { AvailabilityZones = ["us-east-1a"] }, null, [cluster], new StateStoreConfig(), "1.36.2", false, false);

    private static PreviousDeployment Previous(string version) => PreviousDeployment.None with
    {
        Clusters = ImmutableDictionary<string, ClusterRecord>.Empty.Add("dev.k8s.example.com", new ClusterRecord(0, version, 1, "Public", AllowDelete: false)),
    };
}
