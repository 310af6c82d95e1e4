using KopsPlatform.Network;
using KopsPlatform.Tests.Testing;
using Pulumi.Testing;

namespace KopsPlatform.Tests.Network;

/// <summary>
/// The FairwindsOps terraform-vpc examples (vpc-module-test, 10.21.0.0/16, zones us-east-1a, d, c) must come out
/// as exactly the resources the RO module plans: same counts by type, subnets, NAT placement and routes. The RO
/// module has no hardening (flow logs, default security group and ACL), so those examples run with it off.
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
    public async Task Three_zones_with_the_S3_endpoint_associated_with_every_private_route_table()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () =>
        {
            var vpc = new Vpc(Name, Args(3, NatGatewayStrategy.OnePerAz, s3Endpoint: true));
            // A route table known elsewhere in the program (kops's, say) joins through an association of its own.
            _ = new Pulumi.Aws.Ec2.VpcEndpointRouteTableAssociation("kops-0-s3", new Pulumi.Aws.Ec2.VpcEndpointRouteTableAssociationArgs
            {
                VpcEndpointId = vpc.S3EndpointId.Apply(id => id!),
                RouteTableId = "rtb-kops-0",
            });
        });

        AssertCounts(mocks, subnets: 12, natGateways: 3, routeTables: 4, associations: 12, endpoints: 1, endpointAssociations: 3 + 1);
        AssertSubnetsAndRoutes(mocks, RoSubnets, singleNat: false);
        var endpoint = mocks.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Single().Inputs;
        Assert.Equal("com.amazonaws.us-east-1.s3", endpoint["serviceName"]);
        Assert.Equal("Gateway", endpoint["vpcEndpointType"]);
        Assert.False(endpoint.ContainsKey("routeTableIds"));
        var associations = mocks.OfType(EndpointAssociation).ToList();
        Assert.Equal(
            [
                ($"{Name}-private-0-s3", $"rtb-{Name}-private-0"),
                ($"{Name}-private-1-s3", $"rtb-{Name}-private-1"),
                ($"{Name}-private-2-s3", $"rtb-{Name}-private-2"),
                ("kops-0-s3", "rtb-kops-0"),
            ],
            associations.Select(a => (a.Name!, (string)a.Inputs["routeTableId"])));
        Assert.All(associations, a => Assert.Equal($"vpce-{Name}-s3", a.Inputs["vpcEndpointId"]));
    }

    [Fact]
    public async Task With_a_single_NAT_gateway_the_S3_endpoint_has_the_one_private_route_table_and_without_it_there_is_no_endpoint_id()
    {
        var mocks = new AwsMocks();
        Vpc? with = null, without = null;
        await PulumiRun.Components(mocks, () =>
        {
            with = new Vpc(Name, Args(3, NatGatewayStrategy.Single, s3Endpoint: true));
            without = new Vpc("other", Args(3, NatGatewayStrategy.Single, s3Endpoint: false));
        });

        var association = mocks.OfType(EndpointAssociation).Single();
        Assert.Equal($"{Name}-private-0-s3", association.Name);
        Assert.Equal($"rtb-{Name}-private-0", association.Inputs["routeTableId"]);
        Assert.Equal($"vpce-{Name}-s3", await with!.S3EndpointId.Value());
        Assert.Null(await without!.S3EndpointId.Value());
    }

    [Fact]
    public async Task A_single_NAT_gateway_serves_every_zone()
    {
        var mocks = await Run(zones: 3, NatGatewayStrategy.Single, s3Endpoint: false);

        AssertCounts(mocks, subnets: 12, natGateways: 1, routeTables: 2, associations: 12, endpoints: 0);
        AssertSubnetsAndRoutes(mocks, RoSubnets, singleNat: true);
    }

    [Fact]
    public async Task A_regional_NAT_gateway_in_no_subnet_serves_every_zone_through_one_private_route_table()
    {
        var mocks = new AwsMocks();
        Vpc? vpc = null;
        await PulumiRun.Components(mocks, () => vpc = new Vpc(Name, Args(3, NatGatewayStrategy.Regional, false)));

        var nat = mocks.OfType("aws:ec2/natGateway:NatGateway").Single();
        Assert.Equal(
            """{"type":"aws:ec2/natGateway:NatGateway","name":"vpc-module-test-nat","inputs":{"availabilityMode":"regional","tags":{"Name":"vpc-module-test-nat","team":"platform"},"vpcId":"vpc-vpc-module-test-vpc"}}""",
            RegistrationSnapshot.Lines([nat]).Single());
        Assert.Empty(mocks.OfType("aws:ec2/eip:Eip"));
        Assert.Equal([$"rtb-{Name}-private-0"], mocks.OfType("aws:ec2/routeTable:RouteTable").Where(t => t.Name != $"{Name}-public").Select(t => $"rtb-{t.Name}"));
        var privateSubnets = mocks.OfType("aws:ec2/subnet:Subnet").Where(s => !s.Name!.Contains("-public-", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, privateSubnets.Count);
        Assert.All(privateSubnets, s => Assert.Equal($"nat-{Name}-nat", DefaultRouteTarget(mocks, $"subnet-{s.Name}")));
        Assert.Equal([$"nat-{Name}-nat"], await vpc!.NatGatewayIds.Items());
        Assert.Equal([$"rtb-{Name}-private-0"], await vpc.PrivateRouteTableIds.Items());
    }

    [Fact]
    public async Task Flow_logs_go_to_a_log_group_through_a_role_that_may_only_write_there()
    {
        var mocks = new AwsMocks();
        var args = Args(1, NatGatewayStrategy.Single, false);
        args.FlowLogs = true;
        args.FlowLogRetentionDays = 90;
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, args));

        const string group = "arn:aws:logs:us-east-1:123456789012:log-group:vpc-module-test-flow-logs";
        const string tags = "\"tags\":{\"Name\":\"vpc-module-test-flow-logs\",\"team\":\"platform\"}";
        Assert.Equal(
            [
                Line("aws:cloudwatch/logGroup:LogGroup", "vpc-module-test-flow-logs", "\"retentionInDays\":90," + tags),
                Line("aws:ec2/flowLog:FlowLog", "vpc-module-test-flow-logs",
                    $"\"iamRoleArn\":\"arn:aws:iam::123456789012:role/vpc-module-test-flow-logs\",\"logDestination\":\"{group}\",\"logDestinationType\":\"cloud-watch-logs\",{tags},\"trafficType\":\"ALL\",\"vpcId\":\"vpc-vpc-module-test-vpc\""),
                Line("aws:iam/role:Role", "vpc-module-test-flow-logs", $"\"assumeRolePolicy\":{Quoted(FlowLogPolicy.AssumedByFlowLogs())},{tags}"),
                Line("aws:iam/rolePolicy:RolePolicy", "vpc-module-test-flow-logs", $"\"policy\":{Quoted(FlowLogPolicy.WritesTo(group))},\"role\":\"vpc-module-test-flow-logs_id\""),
            ],
            RegistrationSnapshot.Lines(mocks.Registrations.Where(r => r.Name!.EndsWith("-flow-logs", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Hardening_is_on_by_default_and_each_part_switches_off()
    {
        string[] hardening = ["aws:cloudwatch/logGroup:LogGroup", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:ec2/flowLog:FlowLog",
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"];
        var byDefault = new AwsMocks();
        await PulumiRun.Components(byDefault, () => _ = new Vpc(Name, new VpcArgs { AvailabilityZones = Zones }));
        var off = await Run(zones: 3, NatGatewayStrategy.OnePerAz, s3Endpoint: false);

        Assert.Equal(hardening.Order(), byDefault.Registrations.Select(r => r.Type!).Where(hardening.Contains).Order());
        Assert.DoesNotContain(off.Registrations, r => hardening.Contains(r.Type));
        Assert.DoesNotContain(byDefault.Registrations, r => r.Name!.Contains("-ecr-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_security_group_is_emptied_and_the_default_ACL_is_owned_as_allow_all()
    {
        var mocks = new AwsMocks();
        var recorder = new OptionsRecorder();
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, Everything(),
            new Pulumi.ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        static string Tags(string part) => $"\"tags\":{{\"Name\":\"vpc-module-test-default-{part}\",\"team\":\"platform\"}}";
        const string allowAll = """[{"action":"allow","cidrBlock":"0.0.0.0/0","fromPort":0,"protocol":"-1","ruleNo":100,"toPort":0}]""";
        Assert.Equal(
            [
                Line("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "vpc-module-test-default-nacl",
                    $"\"defaultNetworkAclId\":\"acl-vpc-module-test-vpc-default\",\"egress\":{allowAll},\"ingress\":{allowAll},{Tags("nacl")}"),
                Line("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpc-module-test-default-sg", $"{Tags("sg")},\"vpcId\":\"vpc-vpc-module-test-vpc\""),
            ],
            RegistrationSnapshot.Lines(mocks.Registrations.Where(r => r.Name!.Contains("-default-", StringComparison.Ordinal))));
        Assert.Equal(["subnetIds"], recorder["aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", $"{Name}-default-nacl"].IgnoreChanges);
    }

    [Fact]
    public async Task ECR_endpoints_sit_in_the_private_prod_subnets_behind_a_group_admitting_HTTPS_from_the_VPC()
    {
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, Everything()));

        string[] privateProd = Ids("subnet", "private-prod");
        foreach (var service in new[] { "api", "dkr" })
        {
            var endpoint = mocks.Named($"{Name}-ecr-{service}").Inputs;
            Assert.Equal($"com.amazonaws.us-east-1.ecr.{service}", endpoint["serviceName"]);
            Assert.Equal("Interface", endpoint["vpcEndpointType"]);
            Assert.Equal(true, endpoint["privateDnsEnabled"]);
            Assert.Equal(privateProd, Strings(endpoint["subnetIds"]));
            Assert.Equal([$"sg-{Name}-ecr-endpoints"], Strings(endpoint["securityGroupIds"]));
        }

        Assert.Equal(
            """{"type":"aws:ec2/securityGroup:SecurityGroup","name":"vpc-module-test-ecr-endpoints","inputs":{"description":"HTTPS from the VPC to the ECR interface endpoints","ingress":[{"cidrBlocks":["10.21.0.0/16"],"fromPort":443,"protocol":"tcp","toPort":443}],"tags":{"Name":"vpc-module-test-ecr-endpoints","team":"platform"},"vpcId":"vpc-vpc-module-test-vpc"}}""",
            RegistrationSnapshot.Lines(mocks.OfType("aws:ec2/securityGroup:SecurityGroup")).Single());
        Assert.Equal(3, mocks.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Count());
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
        var mocks = new AwsMocks();
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, Everything()));

        var taggable = mocks.Registrations.Where(r => r.Inputs.ContainsKey("tags") || IsTaggableType(r.Type!)).ToList();
        const int roModule = 1 + 1 + 12 + 3 + 3 + 4 + 1, ecr = 1 + 2, flowLogs = 3, defaults = 2;
        Assert.Equal(roModule + ecr + flowLogs + defaults, taggable.Count);
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
            _ = new Vpc(Name, Everything(), new Pulumi.ComponentResourceOptions { Providers = { provider } });
        });

        var children = mocks.Registrations.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal) && !r.Type.StartsWith("aws:index/", StringComparison.Ordinal)).ToList();
        const int s3Associations = 3;
        Assert.Equal(41 + s3Associations + 3 + 4 + 2, children.Count);
        Assert.All(children, r => Assert.Contains("pulumi:providers:aws::network-account", r.Provider, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tag_changes_kops_makes_to_the_VPC_and_NAT_gateways_and_AWS_subnet_associations_of_the_default_ACL_are_left_alone_and_nothing_else_is_ignored()
    {
        var mocks = new AwsMocks();
        var recorder = new OptionsRecorder();
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, Everything(),
            new Pulumi.ComponentResourceOptions { ResourceTransformations = { recorder.Transformation } }));

        foreach (var resource in mocks.Registrations.Where(r => r.Type!.StartsWith("aws:", StringComparison.Ordinal)))
        {
            string[] ignored = resource.Type switch
            {
                "aws:ec2/vpc:Vpc" or "aws:ec2/natGateway:NatGateway" => ["tags"],
                "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl" => ["subnetIds"],
                _ => [],
            };
            Assert.Equal(ignored, recorder[resource.Type!, resource.Name!].IgnoreChanges);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Protect_covers_what_clusters_run_on_and_leaves_routes_free_to_change(bool protect)
    {
        var mocks = new AwsMocks();
        var recorder = new OptionsRecorder();
        var args = Everything();
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
        await PulumiRun.Components(mocks, () => vpc = new Vpc(Name, Everything()), preview: true);

        const int s3Associations = 3;
        Assert.Equal(1 + 1 + 1 + 12 + 3 + 3 + 4 + 4 + 12 + 1 + s3Associations + 3 + 4 + 2, mocks.Registrations.Count);
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

    [Theory]
    [InlineData(0, "VpcArgs.FlowLogRetentionDays: 0 days is not a retention CloudWatch Logs offers. Use one of: 1, 3, 5, 7, 14, 30,")]
    [InlineData(31, "VpcArgs.FlowLogRetentionDays: 31 days is not a retention CloudWatch Logs offers")]
    [InlineData(3654, "VpcArgs.FlowLogRetentionDays: 3654 days is not a retention CloudWatch Logs offers")]
    public async Task A_flow_log_retention_CloudWatch_refuses_fails_before_any_resource_is_registered(int days, string message)
    {
        var mocks = new AwsMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(mocks, () =>
            _ = new Vpc(Name, new VpcArgs { AvailabilityZones = Zones, FlowLogRetentionDays = days })));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registrations, r => r.Type != Vpc.TypeToken);
    }

    [Fact]
    public async Task An_undefined_NAT_strategy_fails_before_any_resource_is_registered()
    {
        var mocks = new AwsMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiRun.Components(mocks, () =>
            _ = new Vpc(Name, new VpcArgs { AvailabilityZones = Zones, NatGateways = (NatGatewayStrategy)3 })));

        Assert.Contains("VpcArgs.NatGateways: 3 is no NAT gateway strategy. Use one of: OnePerAz, Single, Regional.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registrations, r => r.Type != Vpc.TypeToken);
    }

    private static async Task<AwsMocks> Run(int zones, NatGatewayStrategy nat, bool s3Endpoint)
    {
        var mocks = new AwsMocks();
        var args = Args(zones, nat, s3Endpoint);
        await PulumiRun.Components(mocks, () => _ = new Vpc(Name, args));
        return mocks;
    }

    /// <summary>The RO module's example: what it builds, and none of the hardening it lacks.</summary>
    private static VpcArgs Args(int zones, NatGatewayStrategy nat, bool s3Endpoint) => new()
    {
        CidrBlock = "10.21.0.0/16",
        AvailabilityZones = Zones.Take(zones).ToArray(),
        NatGateways = nat,
        S3Endpoint = s3Endpoint,
        FlowLogs = false,
        EmptyDefaultSecurityGroup = false,
        ManageDefaultNetworkAcl = false,
        Tags = new Dictionary<string, string> { ["team"] = "platform" },
    };

    /// <summary>Three zones with every resource the component can make: the endpoints and the hardening.</summary>
    private static VpcArgs Everything() => new()
    {
        CidrBlock = "10.21.0.0/16",
        AvailabilityZones = Zones,
        S3Endpoint = true,
        EcrEndpoints = true,
        Tags = new Dictionary<string, string> { ["team"] = "platform" },
    };

    private const string EndpointAssociation = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation";

    private static void AssertCounts(AwsMocks mocks, int subnets, int natGateways, int routeTables, int associations, int endpoints, int endpointAssociations = 0)
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
            [EndpointAssociation] = endpointAssociations,
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

    // Routes, associations (of subnets, and of route tables with an endpoint) and inline role policies take no tags in AWS.
    private static bool IsTaggableType(string type) => type != Vpc.TypeToken && !type.Contains("route:Route", StringComparison.Ordinal)
        && !type.Contains("routeTableAssociation", StringComparison.Ordinal) && type != EndpointAssociation && type != "aws:iam/rolePolicy:RolePolicy";

    private static string[] Ids(string prefix, string tier) => [.. Enumerable.Range(0, 3).Select(zone => $"{prefix}-{Name}-{tier}-{zone}")];

    /// <summary>A line of <see cref="RegistrationSnapshot"/>, given its inputs' members in key order.</summary>
    private static string Line(string type, string name, string inputs) => $"{{\"type\":\"{type}\",\"name\":\"{name}\",\"inputs\":{{{inputs}}}}}";

    /// <summary>A JSON document as the JSON string that carries it.</summary>
    private static string Quoted(string json) => System.Text.Json.JsonSerializer.Serialize(json);

    private static string[] Strings(object list) => [.. ((IEnumerable<object>)list).Cast<string>()];
}
