using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Kops;

public class KopsSpecRendererTests
{
    private static readonly ClusterNetwork ThreeZones = new(
        "vpc-0abc",
        "10.20.0.0/16",
        "10.20.128.0/17",
        ["us-east-1a", "us-east-1d", "us-east-1c"],
        ["nat-0a", "nat-0d", "nat-0c"]);

    private static readonly ClusterSettings Prod = ClusterRulesTests.Valid with
    {
        Name = "prod.k8s.example.com",
        Slot = 2,
        ControlPlane = new() { Count = 3, MachineType = "m6i.large" },
        Nodes = new() { MachineType = "m6i.xlarge", Min = 3, Max = 12 },
    };

    [Fact]
    public void Values_YAML_1_1_would_read_as_another_kind_are_quoted_so_kops_reads_strings()
    {
        var tags = new Dictionary<string, string> { ["on"] = "yes", ["version"] = "1.30", ["empty"] = "~", ["count"] = "0777", ["flag"] = "false", ["plain"] = "payments" };

        var yaml = Render(Prod with { Tags = tags });

        Assert.Contains(
            "  cloudLabels:\n    count: \"0777\"\n    empty: \"~\"\n    flag: \"false\"\n    \"on\": \"yes\"\n    plain: payments\n    version: \"1.30\"\n",
            yaml,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Network_fields_sit_at_the_top_of_the_spec_not_under_networking()
    {
        var spec = KopsYaml.Cluster(Render(Prod)).Map("spec");

        Assert.Equal("vpc-0abc", spec.Text("networkID"));
        Assert.Equal("10.20.0.0/16", spec.Text("networkCIDR"));
        Assert.Equal("100.64.0.0/10", spec.Text("nonMasqueradeCIDR"));
        Assert.Equal("None", spec.Map("topology").Map("dns").Text("type"));
        Assert.Equal(["cilium"], spec.Map("networking").Children.Keys.Select(k => k.ToString()));
        Assert.Equal("aws", spec.Text("cloudProvider"));
        Assert.Equal("s3://state/prod.k8s.example.com", spec.Text("configBase"));
        Assert.Equal("1.35.4", spec.Text("kubernetesVersion"));
        Assert.Empty(spec.Map("authorization").Map("rbac").Children);
    }

    [Fact]
    public void Each_zone_gets_a_private_subnet_egressing_through_its_own_NAT_and_a_utility_subnet()
    {
        var subnets = KopsYaml.Cluster(Render(Prod)).Map("spec").Maps("subnets")
            .Select(s => $"{s.Text("name")} {s.Text("type")} {s.Text("zone")} {s.Text("cidr")} {s.TextOrNull("egress")}");

        Assert.Equal(
            [
                "us-east-1a Private us-east-1a 10.20.192.0/22 nat-0a",
                "us-east-1d Private us-east-1d 10.20.196.0/22 nat-0d",
                "us-east-1c Private us-east-1c 10.20.200.0/22 nat-0c",
                "utility-us-east-1a Utility us-east-1a 10.20.208.0/24 ",
                "utility-us-east-1d Utility us-east-1d 10.20.209.0/24 ",
                "utility-us-east-1c Utility us-east-1c 10.20.210.0/24 ",
            ],
            subnets);
    }

    [Fact]
    public void With_a_single_NAT_every_private_subnet_uses_it()
    {
        var network = ThreeZones with { NatGatewayIds = ["nat-only"] };

        var egress = KopsYaml.Cluster(Render(Prod, network)).Map("spec").Maps("subnets")
            .Where(s => s.Text("type") == "Private").Select(s => s.Text("egress"));

        Assert.Equal(["nat-only", "nat-only", "nat-only"], egress);
    }

    [Fact]
    public void Three_control_planes_go_one_per_zone_each_with_an_encrypted_etcd_member_in_both_clusters()
    {
        var yaml = Render(Prod);
        var groups = KopsYaml.InstanceGroups(yaml);
        var spec = KopsYaml.Cluster(yaml).Map("spec");

        var controlPlanes = groups.Where(g => g.Map("spec").Text("role") == "ControlPlane").ToList();
        Assert.Equal(
            ["control-plane-us-east-1a", "control-plane-us-east-1d", "control-plane-us-east-1c"],
            controlPlanes.Select(g => g.Map("metadata").Text("name")));
        Assert.All(controlPlanes, g => Assert.Equal(("1", "1", "m6i.large"), (g.Map("spec").Text("minSize"), g.Map("spec").Text("maxSize"), g.Map("spec").Text("machineType"))));
        Assert.Equal(["us-east-1a", "us-east-1d", "us-east-1c"], controlPlanes.Select(g => g.Map("spec").Texts("subnets").Single()));

        Assert.Equal(["main", "events"], spec.Maps("etcdClusters").Select(e => e.Text("name")));
        Assert.All(spec.Maps("etcdClusters"), etcd =>
        {
            Assert.Equal(["a", "d", "c"], etcd.Maps("etcdMembers").Select(m => m.Text("name")));
            Assert.Equal(controlPlanes.Select(g => g.Map("metadata").Text("name")), etcd.Maps("etcdMembers").Select(m => m.Text("instanceGroup")));
            Assert.All(etcd.Maps("etcdMembers"), m => Assert.Equal("true", m.Text("encryptedVolume")));
        });
    }

    [Fact]
    public void Nodes_spread_over_the_private_subnets_and_every_group_requires_IMDSv2_and_carries_the_cluster_label()
    {
        var groups = KopsYaml.InstanceGroups(Render(Prod));

        var nodes = groups.Single(g => g.Map("metadata").Text("name") == "nodes").Map("spec");
        Assert.Equal("Node", nodes.Text("role"));
        Assert.Equal(("3", "12", "m6i.xlarge"), (nodes.Text("minSize"), nodes.Text("maxSize"), nodes.Text("machineType")));
        Assert.Equal(["us-east-1a", "us-east-1d", "us-east-1c"], nodes.Texts("subnets"));
        Assert.All(groups, g =>
        {
            Assert.Equal("required", g.Map("spec").Map("instanceMetadata").Text("httpTokens"));
            Assert.Equal("prod.k8s.example.com", g.Map("metadata").Map("labels").Text(KopsSpecRenderer.ClusterLabel));
            Assert.Equal(KopsSpecRenderer.ApiVersion, g.Text("apiVersion"));
        });
    }

    [Fact]
    public void A_pinned_image_goes_into_every_instance_group_and_the_channel_into_the_cluster()
    {
        var yaml = Render(Prod with { Image = "ami-0123456789abcdef0", Channel = "alpha" });

        Assert.Equal("alpha", KopsYaml.Cluster(yaml).Map("spec").Text("channel"));
        var groups = KopsYaml.Documents(yaml).Where(d => d.Text("kind") == "InstanceGroup").ToList();
        Assert.Equal(4, groups.Count);
        Assert.All(groups, g => Assert.Equal("ami-0123456789abcdef0", g.Map("spec").Text("image")));
    }

    [Fact]
    public void Without_a_pinned_image_or_channel_kops_picks_the_stable_channels_image()
    {
        var yaml = Render(Prod);

        // kops's default channel goes unsaid, so specs rendered before the setting existed stay byte for byte the same.
        Assert.DoesNotContain("channel:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("image:", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_API_load_balancer_is_always_a_Network_one()
    {
        var publicApi = KopsYaml.Cluster(Render(Prod)).Map("spec").Map("api").Map("loadBalancer");
        var internalApi = KopsYaml.Cluster(Render(Prod with { ApiLoadBalancer = ApiLoadBalancerType.Internal })).Map("spec").Map("api").Map("loadBalancer");

        Assert.Equal(("Public", "Network"), (publicApi.Text("type"), publicApi.Text("class")));
        Assert.Equal(("Internal", "Network"), (internalApi.Text("type"), internalApi.Text("class")));
    }

    [Fact]
    public void SSH_defaults_to_the_VPC_and_API_access_is_as_configured()
    {
        var spec = KopsYaml.Cluster(Render(Prod)).Map("spec");
        var custom = KopsYaml.Cluster(Render(Prod with { SshAccess = ["198.51.100.0/24"] })).Map("spec");

        Assert.Equal(["10.20.0.0/16"], spec.Texts("sshAccess"));
        Assert.Equal(["198.51.100.0/24"], custom.Texts("sshAccess"));
        Assert.Equal(["203.0.113.0/24"], spec.Texts("kubernetesApiAccess"));
    }

    [Fact]
    public void Route53_DNS_and_calico_are_rendered_when_chosen()
    {
        var spec = KopsYaml.Cluster(Render(Prod with
        {
            Dns = new() { Type = DnsType.Private, Zone = "k8s.internal" },
            Networking = NetworkingProvider.Calico,
        })).Map("spec");

        Assert.Equal("Private", spec.Map("topology").Map("dns").Text("type"));
        Assert.Equal("k8s.internal", spec.Text("dnsZone"));
        Assert.Equal(["calico"], spec.Map("networking").Children.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public void The_same_input_renders_the_same_bytes_and_hash()
    {
        Assert.Equal(Render(Prod), Render(Prod));
        Assert.Equal(KopsSpecRenderer.Sha256(Render(Prod)), KopsSpecRenderer.Sha256(Render(Prod)));
        Assert.NotEqual(KopsSpecRenderer.Sha256(Render(Prod)), KopsSpecRenderer.Sha256(Render(Prod with { Slot = 1 })));
        Assert.Matches("^[0-9a-f]{64}$", KopsSpecRenderer.Sha256(Render(Prod)));
    }

    [Theory]
    [InlineData(new[] { "nat-1", "nat-2" }, "f.natGatewayIds: 2 NAT gateways for 3 zones")]
    [InlineData(new string[0], "f.natGatewayIds: 0 NAT gateways for 3 zones")]
    public void NAT_ids_that_do_not_match_the_zones_are_refused(string[] natIds, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => Render(Prod, ThreeZones with { NatGatewayIds = natIds }));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_control_planes_than_zones_are_refused_when_the_zones_arrive()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            Render(Prod, ThreeZones with { AvailabilityZones = ["us-east-1a", "us-east-1d"], NatGatewayIds = ["nat-0a"] }));

        Assert.StartsWith("f.controlPlane.count: 3 control-plane instances need 3 zones, but the VPC has 2", error.Message, StringComparison.Ordinal);
    }

    internal static string Render(ClusterSettings cluster, ClusterNetwork? network = null) =>
        KopsSpecRenderer.Render(cluster, network ?? ThreeZones, "s3://state", "f");
}
