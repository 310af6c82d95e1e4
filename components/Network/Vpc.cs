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

    public Vpc(string name, VpcArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, args, options)
    {
        var cidr = VpcInputs.ParseCidr(args.CidrBlock, $"{nameof(VpcArgs)}.{nameof(VpcArgs.CidrBlock)}");
        VpcInputs.CheckZones(args.AvailabilityZones, $"{nameof(VpcArgs)}.{nameof(VpcArgs.AvailabilityZones)}");
        var zones = args.AvailabilityZones;
        var plan = AddressPlan.Create(cidr, zones.Count);

        InputMap<string> Tagged(string nameTag) => new() { args.Tags, { "Name", nameTag } };

        var self = new CustomResourceOptions { Parent = this };

        // What clusters run on: with Protect, removing any of it from the program fails the up instead of deleting it.
        var kept = new CustomResourceOptions { Parent = this, Protect = args.Protect };

        var vpc = new Aws.Ec2.Vpc($"{name}-vpc", new Aws.Ec2.VpcArgs
        {
            CidrBlock = cidr.ToString(),
            EnableDnsSupport = true,
            EnableDnsHostnames = true,
            Tags = Tagged(name),
        }, new CustomResourceOptions { Parent = this, Protect = args.Protect, IgnoreChanges = TagsSharedWithKops });

        var internetGateway = new Aws.Ec2.InternetGateway($"{name}-igw", new Aws.Ec2.InternetGatewayArgs
        {
            VpcId = vpc.Id,
            Tags = Tagged(name),
        }, kept);

        var subnets = SubnetTiers.All.ToDictionary(
            tier => tier,
            tier => plan[tier].Subnets
                .Select((block, zone) => new Aws.Ec2.Subnet($"{name}-{tier.TagValue()}-{zone}", new Aws.Ec2.SubnetArgs
                {
                    VpcId = vpc.Id,
                    CidrBlock = block.ToString(),
                    AvailabilityZone = zones[zone],
                    MapPublicIpOnLaunch = false,
                    Tags = new InputMap<string> { Tagged($"{name}-{tier.TagValue()}-{zones[zone]}"), { "tier", tier.TagValue() } },
                }, kept))
                .ToArray());

        var publicRouteTable = new Aws.Ec2.RouteTable($"{name}-public", new Aws.Ec2.RouteTableArgs
        {
            VpcId = vpc.Id,
            Tags = Tagged($"{name}-public"),
        }, kept);
        _ = new Aws.Ec2.Route($"{name}-public-default", new Aws.Ec2.RouteArgs
        {
            RouteTableId = publicRouteTable.Id,
            DestinationCidrBlock = AnyIpv4,
            GatewayId = internetGateway.Id,
        }, self);
        for (var zone = 0; zone < zones.Count; zone++)
        {
            _ = new Aws.Ec2.RouteTableAssociation($"{name}-public-{zone}", new Aws.Ec2.RouteTableAssociationArgs
            {
                SubnetId = subnets[SubnetTier.Public][zone].Id,
                RouteTableId = publicRouteTable.Id,
            }, self);
        }

        // As in the RO module, each NAT gateway has its own private route table: with a single NAT, every zone's
        // private subnets share one table.
        var natCount = args.NatGateways == NatGatewayStrategy.Single ? 1 : zones.Count;
        var natGateways = new Aws.Ec2.NatGateway[natCount];
        var privateRouteTables = new Aws.Ec2.RouteTable[natCount];
        for (var nat = 0; nat < natCount; nat++)
        {
            var eip = new Aws.Ec2.Eip($"{name}-nat-{nat}", new Aws.Ec2.EipArgs
            {
                Domain = "vpc",
                Tags = Tagged($"{name}-nat-{zones[nat]}"),
            }, kept);
            natGateways[nat] = new Aws.Ec2.NatGateway($"{name}-nat-{nat}", new Aws.Ec2.NatGatewayArgs
            {
                AllocationId = eip.AllocationId,
                SubnetId = subnets[SubnetTier.Public][nat].Id,
                Tags = Tagged($"{name}-nat-{zones[nat]}"),
            }, new CustomResourceOptions { Parent = this, Protect = args.Protect, IgnoreChanges = TagsSharedWithKops, DependsOn = { internetGateway } });

            privateRouteTables[nat] = new Aws.Ec2.RouteTable($"{name}-private-{nat}", new Aws.Ec2.RouteTableArgs
            {
                VpcId = vpc.Id,
                Tags = Tagged($"{name}-private-{zones[nat]}"),
            }, kept);
            _ = new Aws.Ec2.Route($"{name}-private-{nat}-default", new Aws.Ec2.RouteArgs
            {
                RouteTableId = privateRouteTables[nat].Id,
                DestinationCidrBlock = AnyIpv4,
                NatGatewayId = natGateways[nat].Id,
            }, self);
        }

        foreach (var tier in SubnetTiers.All.Where(tier => tier.IsPrivatelyRouted()))
        {
            for (var zone = 0; zone < zones.Count; zone++)
            {
                _ = new Aws.Ec2.RouteTableAssociation($"{name}-{tier.TagValue()}-{zone}", new Aws.Ec2.RouteTableAssociationArgs
                {
                    SubnetId = subnets[tier][zone].Id,
                    RouteTableId = privateRouteTables[zone % natCount].Id,
                }, self);
            }
        }

        if (args.S3Endpoint)
        {
            var region = Aws.GetRegion.Invoke(options: new InvokeOptions { Parent = this });
            _ = new Aws.Ec2.VpcEndpoint($"{name}-s3", new Aws.Ec2.VpcEndpointArgs
            {
                VpcId = vpc.Id,
                ServiceName = region.Apply(r => $"com.amazonaws.{r.Region}.s3"),
                VpcEndpointType = "Gateway",
                RouteTableIds = new InputList<string> { Ids(privateRouteTables), args.S3EndpointRouteTableIds },
                Tags = Tagged($"{name}-s3"),
            }, self);
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

        RegisterOutputs();
    }

    private static Output<ImmutableArray<string>> Ids(IEnumerable<CustomResource> resources) =>
        Output.All(resources.Select(resource => resource.Id));
}
