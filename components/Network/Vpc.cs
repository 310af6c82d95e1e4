using System.Collections.Immutable;
using KopsPlatform.Platform;
using Pulumi;
using Aws = Pulumi.Aws;

namespace KopsPlatform.Network;

/// <summary>
/// The ReactiveOps VPC: four subnet tiers in every zone, an internet gateway for the public tier, NAT egress for
/// the others, and the upper half of the block left free for kops clusters (<see cref="ClusterCidr"/>).
/// </summary>
public sealed class Vpc : ComponentResource, IPlatformNetwork
{
    public const string TypeToken = "kops-platform:network:Vpc";

    private const string AnyIpv4 = "0.0.0.0/0";

    /// <summary>The number AWS gives the allow-all rules of a new VPC's default network ACL.</summary>
    private const int AllowAllRule = 100;

    /// <summary>kops tags the VPC and the NAT gateways it uses with <c>kubernetes.io/cluster/&lt;name&gt;</c>.</summary>
    private static List<string> TagsSharedWithKops => ["tags"];

    [Output("vpcId")] public Output<string> VpcId { get; private set; } = null!;
    [Output("vpcCidr")] public Output<string> VpcCidr { get; private set; } = null!;
    [Output("availabilityZones")] public Output<ImmutableArray<string>> AvailabilityZones { get; private set; } = null!;
    [Output("adminSubnetIds")] public Output<ImmutableArray<string>> AdminSubnetIds { get; private set; } = null!;
    [Output("publicSubnetIds")] public Output<ImmutableArray<string>> PublicSubnetIds { get; private set; } = null!;
    [Output("privateProdSubnetIds")] public Output<ImmutableArray<string>> PrivateProdSubnetIds { get; private set; } = null!;
    [Output("privateWorkingSubnetIds")] public Output<ImmutableArray<string>> PrivateWorkingSubnetIds { get; private set; } = null!;
    [Output("natGatewayIds")] public Output<ImmutableArray<string>> NatGatewayIds { get; private set; } = null!;
    [Output("publicRouteTableId")] public Output<string> PublicRouteTableId { get; private set; } = null!;
    [Output("privateRouteTableIds")] public Output<ImmutableArray<string>> PrivateRouteTableIds { get; private set; } = null!;
    [Output("internetGatewayId")] public Output<string> InternetGatewayId { get; private set; } = null!;
    [Output("clusterCidr")] public Output<string> ClusterCidr { get; private set; } = null!;

    /// <summary>The S3 gateway endpoint, with <see cref="VpcArgs.S3Endpoint"/>; else null.</summary>
    [Output("s3EndpointId")] public Output<string?> S3EndpointId { get; private set; } = null!;

    public Vpc(string name, VpcArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, args, options)
    {
        var cidr = VpcInputs.ParseCidr(args.CidrBlock, $"{nameof(VpcArgs)}.{nameof(VpcArgs.CidrBlock)}");
        VpcInputs.CheckZones(args.AvailabilityZones, $"{nameof(VpcArgs)}.{nameof(VpcArgs.AvailabilityZones)}");
        VpcInputs.CheckLogRetention(args.FlowLogRetentionDays, $"{nameof(VpcArgs)}.{nameof(VpcArgs.FlowLogRetentionDays)}");
        if (!Enum.IsDefined(args.NatGateways))
        {
            throw new InvalidInputException(
                $"{nameof(VpcArgs)}.{nameof(VpcArgs.NatGateways)}",
                $"{(int)args.NatGateways} is no NAT gateway strategy",
                $"Use one of: {string.Join(", ", Enum.GetNames<NatGatewayStrategy>())}.");
        }

        var zones = args.AvailabilityZones;
        var plan = AddressPlan.Create(cidr, zones.Count);
        var names = new VpcNames(name, zones);

        InputMap<string> Tagged(string nameTag) => new() { args.Tags, { "Name", nameTag } };

        var self = new CustomResourceOptions { Parent = this };

        // What clusters run on: with Protect, removing any of it from the program fails the up instead of deleting it.
        var kept = new CustomResourceOptions { Parent = this, Protect = args.Protect };

        var vpc = new Aws.Ec2.Vpc(names.Vpc, new Aws.Ec2.VpcArgs
        {
            CidrBlock = cidr.ToString(),
            EnableDnsSupport = true,
            EnableDnsHostnames = true,
            Tags = Tagged(name),
        }, new CustomResourceOptions { Parent = this, Protect = args.Protect, IgnoreChanges = TagsSharedWithKops });

        var internetGateway = new Aws.Ec2.InternetGateway(names.InternetGateway, new Aws.Ec2.InternetGatewayArgs
        {
            VpcId = vpc.Id,
            Tags = Tagged(name),
        }, kept);

        var subnets = SubnetTiers.All.ToDictionary(
            tier => tier,
            tier => plan[tier].Subnets
                .Select((block, zone) => new Aws.Ec2.Subnet(names.Subnet(tier, zone), new Aws.Ec2.SubnetArgs
                {
                    VpcId = vpc.Id,
                    CidrBlock = block.ToString(),
                    AvailabilityZone = zones[zone],
                    MapPublicIpOnLaunch = false,
                    Tags = new InputMap<string> { Tagged(names.SubnetNameTag(tier, zone)), { "tier", tier.TagValue() } },
                }, kept))
                .ToArray());

        var publicRouteTable = new Aws.Ec2.RouteTable(names.PublicRouteTable, new Aws.Ec2.RouteTableArgs
        {
            VpcId = vpc.Id,
            Tags = Tagged(names.PublicRouteTable),
        }, kept);
        _ = new Aws.Ec2.Route(names.PublicDefaultRoute, new Aws.Ec2.RouteArgs
        {
            RouteTableId = publicRouteTable.Id,
            DestinationCidrBlock = AnyIpv4,
            GatewayId = internetGateway.Id,
        }, self);
        for (var zone = 0; zone < zones.Count; zone++)
        {
            _ = new Aws.Ec2.RouteTableAssociation(names.RouteTableAssociation(SubnetTier.Public, zone), new Aws.Ec2.RouteTableAssociationArgs
            {
                SubnetId = subnets[SubnetTier.Public][zone].Id,
                RouteTableId = publicRouteTable.Id,
            }, self);
        }

        // As in the RO module, each NAT gateway has its own private route table: with a single or a regional NAT,
        // every zone's private subnets share one table. Single and regional use the same table and route names, so
        // switching between them replaces the gateway and updates one route.
        var natCount = VpcLayout.NatCount(args.NatGateways, zones.Count);
        var natGateways = new Aws.Ec2.NatGateway[natCount];
        var privateRouteTables = new Aws.Ec2.RouteTable[natCount];
        CustomResourceOptions NatOptions() =>
            new() { Parent = this, Protect = args.Protect, IgnoreChanges = TagsSharedWithKops, DependsOn = { internetGateway } };
        for (var nat = 0; nat < natCount; nat++)
        {
            natGateways[nat] = args.NatGateways == NatGatewayStrategy.Regional
                // A regional gateway sits in no subnet and, in auto mode, gets its addresses from AWS in each zone
                // that has workloads: the provider refuses a subnetId or allocationId with availabilityMode regional.
                ? new Aws.Ec2.NatGateway(names.RegionalNat, new Aws.Ec2.NatGatewayArgs
                {
                    VpcId = vpc.Id,
                    AvailabilityMode = "regional",
                    Tags = Tagged(names.RegionalNat),
                }, NatOptions())
                : ZonalNatGateway(nat);

            privateRouteTables[nat] = new Aws.Ec2.RouteTable(names.PrivateRouteTable(nat), new Aws.Ec2.RouteTableArgs
            {
                VpcId = vpc.Id,
                Tags = Tagged(names.PrivateRouteTableNameTag(nat)),
            }, kept);
            _ = new Aws.Ec2.Route(names.PrivateDefaultRoute(nat), new Aws.Ec2.RouteArgs
            {
                RouteTableId = privateRouteTables[nat].Id,
                DestinationCidrBlock = AnyIpv4,
                NatGatewayId = natGateways[nat].Id,
            }, self);
        }

        Aws.Ec2.NatGateway ZonalNatGateway(int nat)
        {
            var eip = new Aws.Ec2.Eip(names.Nat(nat), new Aws.Ec2.EipArgs
            {
                Domain = "vpc",
                Tags = Tagged(names.NatNameTag(nat)),
            }, kept);
            return new Aws.Ec2.NatGateway(names.Nat(nat), new Aws.Ec2.NatGatewayArgs
            {
                AllocationId = eip.AllocationId,
                SubnetId = subnets[SubnetTier.Public][nat].Id,
                Tags = Tagged(names.NatNameTag(nat)),
            }, NatOptions());
        }

        foreach (var tier in SubnetTiers.All.Where(tier => tier.IsPrivatelyRouted()))
        {
            for (var zone = 0; zone < zones.Count; zone++)
            {
                _ = new Aws.Ec2.RouteTableAssociation(names.RouteTableAssociation(tier, zone), new Aws.Ec2.RouteTableAssociationArgs
                {
                    SubnetId = subnets[tier][zone].Id,
                    RouteTableId = privateRouteTables[zone % natCount].Id,
                }, self);
            }
        }

        // Endpoint service names carry the region; asked once, and only by a VPC with endpoints.
        var region = new Lazy<Output<string>>(() => Aws.GetRegion.Invoke(options: new InvokeOptions { Parent = this }).Apply(r => r.Region));
        Aws.Ec2.VpcEndpoint? s3Endpoint = null;
        if (args.S3Endpoint)
        {
            // Every route table reaches the endpoint through an association of its own, the VPC's here and each kops
            // cluster's in KopsCluster, and the endpoint lists none inline: AWS keeps one list per endpoint, and an
            // inline routeTableIds would, after a refresh showed the clusters' tables in it, have the next up remove
            // them (the provider's docs: never both for one table). routeTableIds is optional and computed, so an
            // endpoint created with the inline list, before this change, sees no diff when the list is left out:
            // its tables stay, and the new associations of the VPC's tables add what is there already.
            s3Endpoint = new Aws.Ec2.VpcEndpoint(names.S3Endpoint, new Aws.Ec2.VpcEndpointArgs
            {
                VpcId = vpc.Id,
                ServiceName = region.Value.Apply(r => $"com.amazonaws.{r}.s3"),
                VpcEndpointType = "Gateway",
                Tags = Tagged(names.S3Endpoint),
            }, self);
            for (var nat = 0; nat < natCount; nat++)
            {
                _ = new Aws.Ec2.VpcEndpointRouteTableAssociation(names.S3EndpointAssociation(nat), new Aws.Ec2.VpcEndpointRouteTableAssociationArgs
                {
                    VpcEndpointId = s3Endpoint.Id,
                    RouteTableId = privateRouteTables[nat].Id,
                }, self);
            }
        }

        if (args.EcrEndpoints)
        {
            var endpointSecurityGroup = new Aws.Ec2.SecurityGroup(names.EcrSecurityGroup, new Aws.Ec2.SecurityGroupArgs
            {
                VpcId = vpc.Id,
                Description = "HTTPS from the VPC to the ECR interface endpoints",
                Ingress =
                {
                    new Aws.Ec2.Inputs.SecurityGroupIngressArgs { Protocol = "tcp", FromPort = 443, ToPort = 443, CidrBlocks = { cidr.ToString() } },
                },
                Tags = Tagged(names.EcrSecurityGroup),
            }, self);

            // api serves the registry calls, dkr the image manifests; the layers come from S3 (see S3Endpoint).
            foreach (var service in VpcLayout.EcrServices)
            {
                _ = new Aws.Ec2.VpcEndpoint(names.EcrEndpoint(service), new Aws.Ec2.VpcEndpointArgs
                {
                    VpcId = vpc.Id,
                    ServiceName = region.Value.Apply(r => $"com.amazonaws.{r}.ecr.{service}"),
                    VpcEndpointType = "Interface",
                    PrivateDnsEnabled = true,
                    SubnetIds = Ids(subnets[SubnetTier.PrivateProd]),
                    SecurityGroupIds = { endpointSecurityGroup.Id },
                    Tags = Tagged(names.EcrEndpoint(service)),
                }, self);
            }
        }

        if (args.FlowLogs)
        {
            var logGroup = new Aws.CloudWatch.LogGroup(names.FlowLogs, new Aws.CloudWatch.LogGroupArgs
            {
                RetentionInDays = args.FlowLogRetentionDays,
                Tags = Tagged(names.FlowLogs),
            }, self);
            var role = new Aws.Iam.Role(names.FlowLogs, new Aws.Iam.RoleArgs
            {
                AssumeRolePolicy = FlowLogPolicy.AssumedByFlowLogs(),
                Tags = Tagged(names.FlowLogs),
            }, self);
            var policy = new Aws.Iam.RolePolicy(names.FlowLogs, new Aws.Iam.RolePolicyArgs
            {
                Role = role.Id,
                Policy = logGroup.Arn.Apply(FlowLogPolicy.WritesTo),
            }, self);

            // Delivery starts as soon as the flow log exists: the role must be able to write by then.
            _ = new Aws.Ec2.FlowLog(names.FlowLogs, new Aws.Ec2.FlowLogArgs
            {
                VpcId = vpc.Id,
                TrafficType = "ALL",
                LogDestinationType = "cloud-watch-logs",
                LogDestination = logGroup.Arn,
                IamRoleArn = role.Arn,
                Tags = Tagged(names.FlowLogs),
            }, new CustomResourceOptions { Parent = this, DependsOn = { policy } });
        }

        if (args.EmptyDefaultSecurityGroup)
        {
            // Without ingress or egress blocks the provider removes every rule of the default group.
            _ = new Aws.Ec2.DefaultSecurityGroup(names.DefaultSecurityGroup, new Aws.Ec2.DefaultSecurityGroupArgs
            {
                VpcId = vpc.Id,
                Tags = Tagged(names.DefaultSecurityGroup),
            }, self);
        }

        if (args.ManageDefaultNetworkAcl)
        {
            // AWS associates every subnet without an ACL of its own with the default ACL; listing them here would
            // make each up fight that, so the association is left to AWS.
            _ = new Aws.Ec2.DefaultNetworkAcl(names.DefaultNetworkAcl, new Aws.Ec2.DefaultNetworkAclArgs
            {
                DefaultNetworkAclId = vpc.DefaultNetworkAclId,
                Ingress = { new Aws.Ec2.Inputs.DefaultNetworkAclIngressArgs { RuleNo = AllowAllRule, Action = "allow", Protocol = "-1", FromPort = 0, ToPort = 0, CidrBlock = AnyIpv4 } },
                Egress = { new Aws.Ec2.Inputs.DefaultNetworkAclEgressArgs { RuleNo = AllowAllRule, Action = "allow", Protocol = "-1", FromPort = 0, ToPort = 0, CidrBlock = AnyIpv4 } },
                Tags = Tagged(names.DefaultNetworkAcl),
            }, new CustomResourceOptions { Parent = this, IgnoreChanges = ["subnetIds"] });
        }

        VpcId = vpc.Id;
        VpcCidr = Output.Create(cidr.ToString());
        AvailabilityZones = Output.Create(zones.ToImmutableArray());
        AdminSubnetIds = Ids(subnets[SubnetTier.Admin]);
        PublicSubnetIds = Ids(subnets[SubnetTier.Public]);
        PrivateProdSubnetIds = Ids(subnets[SubnetTier.PrivateProd]);
        PrivateWorkingSubnetIds = Ids(subnets[SubnetTier.PrivateWorking]);
        NatGatewayIds = Ids(natGateways);
        PublicRouteTableId = publicRouteTable.Id;
        PrivateRouteTableIds = Ids(privateRouteTables);
        InternetGatewayId = internetGateway.Id;
        ClusterCidr = Output.Create(plan.ClusterRange.ToString());
        S3EndpointId = s3Endpoint?.Id.Apply(id => (string?)id) ?? Output.Create((string?)null);

        RegisterOutputs();
    }

    private static Output<ImmutableArray<string>> Ids(IEnumerable<CustomResource> resources) =>
        Output.All(resources.Select(resource => resource.Id));
}
