using KopsPlatform.Network;
using KopsPlatform.Tests.Testing;
using Pulumi.Testing;

namespace KopsPlatform.Tests.Network;

/// <summary>
/// The FairwindsOps terraform-vpc examples (vpc-module-test, 10.21.0.0/16, zones us-east-1a, d, c) must come out
/// as exactly the resources the RO module plans: same counts by type, subnets, NAT placement and routes.
/// </summary>
[Collection(PulumiEngine.Name)]
public class VpcTests
{
    private const string Name = "vpc-module-test";
    private static readonly string[] Zones = ["us-east-1a", "us-east-1d", "us-east-1c"];

    // tier, CIDR, zone, default-route target of the subnet, as in the RO module's plan output.
    private static readonly (string Tier, string Cidr, string Zone, int Nat)[] RoSubnets =
    [
        ("admin", "10.21.0.0/21", "us-east-1a", 0),
        ("admin", "10.21.8.0/21", "us-east-1d", 1),
        ("admin", "10.21.16.0/21", "us-east-1c", 2),
        ("public", "10.21.32.0/21", "us-east-1a", -1),
        ("public", "10.21.40.0/21", "us-east-1d", -1),
        ("public", "10.21.48.0/21", "us-east-1c", -1),
        ("private-prod", "10.21.64.0/21", "us-east-1a", 0),
        ("private-prod", "10.21.72.0/21", "us-east-1d", 1),
        ("private-prod", "10.21.80.0/21", "us-east-1c", 2),
        ("private-working", "10.21.96.0/21", "us-east-1a", 0),
        ("private-working", "10.21.104.0/21", "us-east-1d", 1),
        ("private-working", "10.21.112.0/21", "us-east-1c", 2),
    ];

    [Fact]
    public async Task One_zone_example()
    {
        var mocks = await Run(zones: 1, NatGatewayStrategy.OnePerAz, s3Endpoint: false);

        AssertCounts(mocks, subnets: 4, natGateways: 1, routeTables: 2, associations: 4, endpoints: 0);
        AssertSubnetsAndRoutes(mocks, RoSubnets.Where(s => s.Zone == "us-east-1a"), singleNat: false);
    }

    [Fact]
    public async Task Three_zones_with_a_NAT_gateway_each()
    {
        var mocks = await Run(zones: 3, NatGatewayStrategy.OnePerAz, s3Endpoint: false);

        AssertCounts(mocks, subnets: 12, natGateways: 3, routeTables: 4, associations: 12, endpoints: 0);
        AssertSubnetsAndRoutes(mocks, RoSubnets, singleNat: false);
    }

    [Fact]
    public async Task Three_zones_with_the_S3_endpoint_on_every_private_route_table()
    {
        var mocks = await Run(zones: 3, NatGatewayStrategy.OnePerAz, s3Endpoint: true, extraRouteTables: ["rtb-kops-0"]);

        AssertCounts(mocks, subnets: 12, natGateways: 3, routeTables: 4, associations: 12, endpoints: 1);
        AssertSubnetsAndRoutes(mocks, RoSubnets, singleNat: false);
        var endpoint = mocks.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Single().Inputs;
        Assert.Equal("com.amazonaws.us-east-1.s3", endpoint["serviceName"]);
        Assert.Equal("Gateway", endpoint["vpcEndpointType"]);
        Assert.Equal(
            [$"rtb-{Name}-private-0", $"rtb-{Name}-private-1", $"rtb-{Name}-private-2", "rtb-kops-0"],
            Strings(endpoint["routeTableIds"]));
    }

    [Fact]
    public async Task A_single_NAT_gateway_serves_every_zone()
    {
        var mocks = await Run(zones: 3, NatGatewayStrategy.Single, s3Endpoint: false);

        AssertCounts(mocks, subnets: 12, natGateways: 1, routeTables: 2, associations: 12, endpoints: 0);
        AssertSubnetsAndRoutes(mocks, RoSubnets, singleNat: true);
    }

    [Fact]
    public async Task Outputs_list_ids_in_zone_order_and_the_free_cluster_range()
    {
        Vpc? vpc = null;
        await PulumiRun.Components(new AwsMocks(), () => vpc = new Vpc(Name, Args(3, NatGatewayStrategy.OnePerAz, false)));

        Assert.Equal("vpc-vpc-module-test-vpc", await vpc!.VpcId.Value());
        Assert.Equal("10.21.0.0/16", await vpc.VpcCidr.Value());
        Assert.Equal(Zones, await vpc.AvailabilityZones.Value());
        Assert.Equal(Ids("subnet", "admin"), await vpc.AdminSubnetIds.Value());
        Assert.Equal(Ids("subnet", "public"), await vpc.PublicSubnetIds.Value());
        Assert.Equal(Ids("subnet", "private-prod"), await vpc.PrivateProdSubnetIds.Value());
        Assert.Equal(Ids("subnet", "private-working"), await vpc.PrivateWorkingSubnetIds.Value());
        Assert.Equal(Ids("nat", "nat"), await vpc.NatGatewayIds.Value());
        Assert.Equal(Ids("rtb", "private"), await vpc.PrivateRouteTableIds.Value());
        Assert.Equal($"rtb-{Name}-public", await vpc.PublicRouteTableId.Value());
        Assert.Equal($"igw-{Name}-igw", await vpc.InternetGatewayId.Value());
        Assert.Equal("10.21.128.0/17", await vpc.ClusterCidr.Value());
    }

    [Fact]
    public async Task Every_resource_is_tagged_and_named_and_no_subnet_maps_public_ips()
    {
        var mocks = await Run(zones: 3, NatGatewayStrategy.OnePerAz, s3Endpoint: true);

        var taggable = mocks.Registrations.Where(r => r.Inputs.ContainsKey("tags") || IsTaggableType(r.Type!)).ToList();
        Assert.Equal(1 + 1 + 12 + 3 + 3 + 4 + 1, taggable.Count);
        Assert.All(taggable, r =>
        {
            var tags = (IReadOnlyDictionary<string, object>)r.Inputs["tags"];
            Assert.Equal("platform", tags["team"]);
            Assert.StartsWith(Name, (string)tags["Name"], StringComparison.Ordinal);
        });
        Assert.All(mocks.OfType("aws:ec2/subnet:Subnet"), s => Assert.Equal(false, s.Inputs["mapPublicIpOnLaunch"]));
        var vpc = mocks.OfType("aws:ec2/vpc:Vpc").Single().Inputs;
        Assert.Equal(true, vpc["enableDnsSupport"]);
        Assert.Equal(true, vpc["enableDnsHostnames"]);
    }

    [Fact]
    public async Task Logical_names_of_existing_zones_do_not_change_when_a_zone_is_added()
    {
        var two = (await Run(zones: 2, NatGatewayStrategy.OnePerAz, s3Endpoint: true)).Registrations.Select(r => (r.Type, r.Name)).ToHashSet();
        var three = (await Run(zones: 3, NatGatewayStrategy.OnePerAz, s3Endpoint: true)).Registrations.Select(r => (r.Type, r.Name)).ToHashSet();

        Assert.Subset(three, two);
    }

    [Fact]
    public async Task Every_resource_is_a_child_of_the_component_and_inherits_its_provider()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () =>
        {
            var provider = new Pulumi.Aws.Provider("network-account", new Pulumi.Aws.ProviderArgs { Region = "us-east-1" });
            _ = new Vpc(Name, Args(3, NatGatewayStrategy.OnePerAz, true), new Pulumi.ComponentResourceOptions { Providers = { provider } });
        });

        var children = mocks.Registrations.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal) && !r.Type.StartsWith("aws:index/", StringComparison.Ordinal)).ToList();
        Assert.Equal(41, children.Count);
        Assert.All(children, r => Assert.Contains("pulumi:providers:aws::network-account", r.Provider, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tag_changes_kops_makes_to_the_VPC_and_NAT_gateways_are_left_alone_and_nothing_else_is_ignored()
    {
        var mocks = new AwsMocks();
        var recorder = new OptionsRecorder();
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, Args(3, NatGatewayStrategy.OnePerAz, true),
            new Pulumi.ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        foreach (var resource in mocks.Registrations.Where(r => r.Type!.StartsWith("aws:ec2/", StringComparison.Ordinal)))
        {
            var sharedWithKops = resource.Type is "aws:ec2/vpc:Vpc" or "aws:ec2/natGateway:NatGateway";
            Assert.Equal(sharedWithKops ? ["tags"] : [], recorder[resource.Type!, resource.Name!].IgnoreChanges);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Protect_covers_what_clusters_run_on_and_leaves_routes_free_to_change(bool protect)
    {
        var mocks = new AwsMocks();
        var recorder = new OptionsRecorder();
        var args = Args(3, NatGatewayStrategy.OnePerAz, true);
        args.Protect = protect;
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, args,
            new Pulumi.ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        string[] kept = ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/routeTable:RouteTable"];
        var resources = mocks.Registrations.Where(r => r.Type!.StartsWith("aws:ec2/", StringComparison.Ordinal)).ToList();
        Assert.Equal(1 + 12 + 1 + 3 + 3 + 4, resources.Count(r => kept.Contains(r.Type)));
        foreach (var resource in resources)
        {
            Assert.Equal(protect && kept.Contains(resource.Type), recorder[resource.Type!, resource.Name!].Protect ?? false);
        }
    }

    [Fact]
    public async Task In_preview_the_graph_does_not_wait_for_ids()
    {
        var mocks = new AwsMocks(unknownIds: true);
        Vpc? vpc = null;
        await PulumiRun.Components(mocks, () => vpc = new Vpc(Name, Args(3, NatGatewayStrategy.OnePerAz, true)), preview: true);

        Assert.Equal(1 + 1 + 1 + 12 + 3 + 3 + 4 + 4 + 12 + 1, mocks.Registrations.Count);
        Assert.Equal("10.21.128.0/17", await vpc!.ClusterCidr.Value());
        Assert.Equal(Zones, await vpc.AvailabilityZones.Value());
        Assert.False(await vpc.VpcId.IsKnown());
        Assert.False(await vpc.NatGatewayIds.IsKnown());
    }

    [Theory]
    [InlineData("10.21.0.0/21", new[] { "us-east-1a" }, "VpcArgs.CidrBlock: 10.21.0.0/21 is a /21")]
    [InlineData("10.21.0.0/16", new string[0], "VpcArgs.AvailabilityZones: 0 availability zones given")]
    [InlineData("10.21.0.0/16", new[] { "us-east-1a", "us-east-1a" }, "VpcArgs.AvailabilityZones: 'us-east-1a' is listed twice")]
    public async Task Bad_args_fail_before_any_resource_is_registered(string cidr, string[] zones, string message)
    {
        var mocks = new AwsMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(mocks, () =>
            _ = new Vpc(Name, new VpcArgs { CidrBlock = cidr, AvailabilityZones = zones })));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registrations, r => r.Type != Vpc.TypeToken);
    }

    private static async Task<AwsMocks> Run(int zones, NatGatewayStrategy nat, bool s3Endpoint, string[]? extraRouteTables = null)
    {
        var mocks = new AwsMocks();
        var args = Args(zones, nat, s3Endpoint);
        if (extraRouteTables is not null)
        {
            args.S3EndpointRouteTableIds = extraRouteTables;
        }

        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, args));
        return mocks;
    }

    private static VpcArgs Args(int zones, NatGatewayStrategy nat, bool s3Endpoint) => new()
    {
        CidrBlock = "10.21.0.0/16",
        AvailabilityZones = Zones.Take(zones).ToArray(),
        NatGateways = nat,
        S3Endpoint = s3Endpoint,
        Tags = new Dictionary<string, string> { ["team"] = "platform" },
    };

    private static void AssertCounts(AwsMocks mocks, int subnets, int natGateways, int routeTables, int associations, int endpoints)
    {
        var expected = new Dictionary<string, int>
        {
            [Vpc.TypeToken] = 1,
            ["aws:ec2/vpc:Vpc"] = 1,
            ["aws:ec2/internetGateway:InternetGateway"] = 1,
            ["aws:ec2/subnet:Subnet"] = subnets,
            ["aws:ec2/eip:Eip"] = natGateways,
            ["aws:ec2/natGateway:NatGateway"] = natGateways,
            ["aws:ec2/routeTable:RouteTable"] = routeTables,
            ["aws:ec2/route:Route"] = routeTables,
            ["aws:ec2/routeTableAssociation:RouteTableAssociation"] = associations,
            ["aws:ec2/vpcEndpoint:VpcEndpoint"] = endpoints,
        }.Where(e => e.Value > 0).OrderBy(e => e.Key);

        Assert.Equal(expected, mocks.Registrations.GroupBy(r => r.Type!).ToDictionary(g => g.Key, g => g.Count()).OrderBy(e => e.Key));
    }

    private static void AssertSubnetsAndRoutes(AwsMocks mocks, IEnumerable<(string Tier, string Cidr, string Zone, int Nat)> expected, bool singleNat)
    {
        var natGateways = mocks.OfType("aws:ec2/natGateway:NatGateway").ToList();
        var actual = mocks.OfType("aws:ec2/subnet:Subnet").Select(subnet =>
        {
            var tags = (IReadOnlyDictionary<string, object>)subnet.Inputs["tags"];
            var target = DefaultRouteTarget(mocks, $"subnet-{subnet.Name}");
            var nat = natGateways.FindIndex(n => $"nat-{n.Name}" == target);
            return ((string)tags["tier"], (string)subnet.Inputs["cidrBlock"], (string)subnet.Inputs["availabilityZone"], nat);
        });

        var wanted = expected.Select(s => s with { Nat = singleNat && s.Nat > 0 ? 0 : s.Nat });
        Assert.Equal(wanted.OrderBy(s => s.Cidr), actual.OrderBy(s => s.Item2));

        // The public subnets go to the internet gateway; NAT gateway i sits in zone i's public subnet.
        Assert.All(
            mocks.OfType("aws:ec2/subnet:Subnet").Where(s => s.Name!.Contains("-public-", StringComparison.Ordinal)),
            s => Assert.Equal($"igw-{Name}-igw", DefaultRouteTarget(mocks, $"subnet-{s.Name}")));
        Assert.Equal(
            natGateways.Select((_, zone) => $"subnet-{Name}-public-{zone}"),
            natGateways.Select(n => (string)n.Inputs["subnetId"]));
        Assert.All(natGateways, n => Assert.StartsWith("eipalloc-", (string)n.Inputs["allocationId"], StringComparison.Ordinal));
    }

    /// <summary>Follows subnet → route table association → 0.0.0.0/0 route → gateway.</summary>
    private static string DefaultRouteTarget(AwsMocks mocks, string subnetId)
    {
        var routeTable = mocks.OfType("aws:ec2/routeTableAssociation:RouteTableAssociation")
            .Single(a => (string)a.Inputs["subnetId"] == subnetId).Inputs["routeTableId"];
        var route = mocks.OfType("aws:ec2/route:Route")
            .Single(r => r.Inputs["routeTableId"].Equals(routeTable) && (string)r.Inputs["destinationCidrBlock"] == "0.0.0.0/0").Inputs;
        return (string)(route.GetValueOrDefault("natGatewayId") ?? route["gatewayId"]);
    }

    private static bool IsTaggableType(string type) => type != Vpc.TypeToken && !type.Contains("route:Route", StringComparison.Ordinal)
        && !type.Contains("routeTableAssociation", StringComparison.Ordinal);

    private static string[] Ids(string prefix, string tier) => [.. Enumerable.Range(0, 3).Select(zone => $"{prefix}-{Name}-{tier}-{zone}")];

    private static string[] Strings(object list) => [.. ((IEnumerable<object>)list).Cast<string>()];
}
