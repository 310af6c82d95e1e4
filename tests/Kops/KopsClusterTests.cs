using System.Net;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Network;
using KopsPlatform.Tests.Testing;
using Pulumi;

namespace KopsPlatform.Tests.Kops;

public class KopsClusterTests
{
    private static readonly string[] Zones = ["us-east-1a", "us-east-1d", "us-east-1c"];

    [Fact]
    public async Task NAT_gateway_ids_from_the_VPC_land_on_their_own_zones()
    {
        var (_, clusters) = await RunInVpc(NatGatewayStrategy.OnePerAz, ClusterRulesTests.Valid with { ControlPlane = new() { Count = 3 } });

        var egress = KopsYaml.Cluster(await clusters[0].Spec.Value()).Map("spec").Maps("subnets")
            .Where(s => s.Text("type") == "Private")
            .Select(s => (s.Text("zone"), s.Text("egress")));

        Assert.Equal(
            [("us-east-1a", "nat-main-nat-0"), ("us-east-1d", "nat-main-nat-1"), ("us-east-1c", "nat-main-nat-2")],
            egress);
        Assert.Equal("vpc-main-vpc", KopsYaml.Cluster(await clusters[0].Spec.Value()).Map("spec").Text("networkID"));
    }

    [Fact]
    public async Task Two_clusters_in_one_VPC_get_disjoint_subnets_in_the_free_range()
    {
        var (vpc, clusters) = await RunInVpc(
            NatGatewayStrategy.Single,
            ClusterRulesTests.Valid,
            ClusterRulesTests.Valid with { Name = "tools.k8s.example.com", Slot = 3 });

        var blocks = new List<IPNetwork>();
        foreach (var cluster in clusters)
        {
            blocks.AddRange(KopsYaml.Cluster(await cluster.Spec.Value()).Map("spec").Maps("subnets").Select(s => IPNetwork.Parse(s.Text("cidr"))));
        }

        Assert.Equal(2 * 2 * Zones.Length, blocks.Count);
        Assert.All(blocks, b => Assert.True(Ipv4.Within(b, vpc.Plan.ClusterRange)));
        Assert.Equal(blocks.Count, blocks.Distinct().Count());
        Assert.All(blocks, b => Assert.Single(blocks, other => Ipv4.Overlaps(b, other)));
    }

    [Fact]
    public async Task The_hash_is_the_sha256_of_the_spec()
    {
        var (_, clusters) = await RunInVpc(NatGatewayStrategy.Single, ClusterRulesTests.Valid);

        Assert.Equal(KopsSpecRenderer.Sha256(await clusters[0].Spec.Value()), await clusters[0].SpecHash.Value());
    }

    [Fact]
    public async Task In_a_preview_with_the_VPC_ids_still_unknown_nothing_throws_and_the_spec_waits_for_them()
    {
        var mocks = new AwsMocks(unknownIds: true);
        KopsCluster? cluster = null;

        await PulumiRun.Components(mocks, () =>
        {
            var vpc = new Vpc("main", new VpcArgs { CidrBlock = "10.20.0.0/16", AvailabilityZones = Zones });
            cluster = NewCluster(vpc, ClusterRulesTests.Valid, Output.Create("s3://state"));
        }, preview: true);

        Assert.False(await cluster!.Spec.IsKnown());
        Assert.False(await cluster.SpecHash.IsKnown());
        Assert.Single(mocks.OfType(KopsCluster.TypeToken));
    }

    [Fact]
    public async Task Values_read_from_another_stack_render_the_same_way()
    {
        KopsCluster? cluster = null;
        await PulumiRun.Components(new AwsMocks(), () => cluster = new KopsCluster("dev", new KopsClusterArgs
        {
            Settings = ClusterRulesTests.Valid,
            StateStore = "s3://state",
            VpcId = "vpc-0abc",
            VpcCidr = "10.20.0.0/16",
            ClusterCidr = "10.20.128.0/17",
            AvailabilityZones = new[] { "us-east-1a", "us-east-1d" },
            NatGatewayIds = new[] { "nat-0a", "nat-0d" },
        }));

        var spec = KopsYaml.Cluster(await cluster!.Spec.Value()).Map("spec");
        Assert.Equal("vpc-0abc", spec.Text("networkID"));
        Assert.Equal("s3://state/dev.k8s.example.com", spec.Text("configBase"));
    }

    [Fact]
    public async Task A_free_range_from_elsewhere_that_overlaps_a_tier_fails_with_its_field()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(new AwsMocks(), () => _ = new KopsCluster("dev", new KopsClusterArgs
        {
            Settings = ClusterRulesTests.Valid,
            StateStore = "s3://state",
            VpcId = "vpc-0abc",
            VpcCidr = "10.20.0.0/16",
            ClusterCidr = "10.20.0.0/17",
            AvailabilityZones = new[] { "us-east-1a" },
            NatGatewayIds = new[] { "nat-0a" },
        })));

        Assert.Contains("KopsClusterArgs.clusterCidr: subnet 10.20.0.0/22 overlaps the VPC's admin tier 10.20.0.0/19", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_fail_before_anything_is_rendered()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(new AwsMocks(), () =>
            _ = new KopsCluster("dev", new KopsClusterArgs { Settings = ClusterRulesTests.Valid with { Slot = 7 } })));

        Assert.Contains("KopsClusterArgs.Settings.slot: slot 7 is out of range", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(Vpc Vpc, List<KopsCluster> Clusters)> RunInVpc(NatGatewayStrategy nat, params ClusterSettings[] settings)
    {
        Vpc? vpc = null;
        var clusters = new List<KopsCluster>();
        await PulumiRun.Components(new AwsMocks(), () =>
        {
            vpc = new Vpc("main", new VpcArgs { CidrBlock = "10.20.0.0/16", AvailabilityZones = Zones, NatGateways = nat });
            clusters.AddRange(settings.Select(s => NewCluster(vpc, s, Output.Create("s3://state"))));
        });
        return (vpc!, clusters);
    }

    private static KopsCluster NewCluster(Vpc vpc, ClusterSettings settings, Output<string> stateStore) =>
        new(settings.Name, new KopsClusterArgs
        {
            Settings = settings,
            StateStore = stateStore,
            VpcId = vpc.VpcId,
            VpcCidr = vpc.VpcCidr,
            ClusterCidr = vpc.ClusterCidr,
            AvailabilityZones = vpc.AvailabilityZones,
            NatGatewayIds = vpc.NatGatewayIds,
        });
}
