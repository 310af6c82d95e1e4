using System.Reflection;
using Pulumi;
using Aws = Pulumi.Aws;

namespace KopsPlatform.Network;

/// <summary>
/// The logical names and <c>Name</c> tags of a <see cref="Vpc"/>'s children. The component names what it registers
/// with these, and so does anything that must name the same resources from outside (the migration tool's import
/// file), so the two can't drift apart.
/// </summary>
public sealed class VpcNames(string name, IReadOnlyList<string> zones)
{
    public string Component => name;

    public string Vpc => $"{name}-vpc";

    public string InternetGateway => $"{name}-igw";

    public string Subnet(SubnetTier tier, int zone) => $"{name}-{tier.TagValue()}-{zone}";

    public string SubnetNameTag(SubnetTier tier, int zone) => $"{name}-{tier.TagValue()}-{zones[zone]}";

    /// <summary>The association of a subnet with its route table: named as the subnet (another type).</summary>
    public string RouteTableAssociation(SubnetTier tier, int zone) => Subnet(tier, zone);

    public string PublicRouteTable => $"{name}-public";

    public string PublicDefaultRoute => $"{name}-public-default";

    /// <summary>A zonal NAT gateway and its EIP (two types, one name).</summary>
    public string Nat(int nat) => $"{name}-nat-{nat}";

    public string NatNameTag(int nat) => $"{name}-nat-{zones[nat]}";

    public string RegionalNat => $"{name}-nat";

    public string PrivateRouteTable(int nat) => $"{name}-private-{nat}";

    public string PrivateRouteTableNameTag(int nat) => $"{name}-private-{zones[nat]}";

    public string PrivateDefaultRoute(int nat) => $"{name}-private-{nat}-default";

    public string S3Endpoint => $"{name}-s3";

    /// <summary>The association of a NAT gateway's private route table with the S3 endpoint.</summary>
    public string S3EndpointAssociation(int nat) => $"{name}-private-{nat}-s3";

    public string EcrSecurityGroup => $"{name}-ecr-endpoints";

    public string EcrEndpoint(string service) => $"{name}-ecr-{service}";

    /// <summary>The flow logs' log group, role, role policy and flow log (four types, one name).</summary>
    public string FlowLogs => $"{name}-flow-logs";

    public string DefaultSecurityGroup => $"{name}-default-sg";

    public string DefaultNetworkAcl => $"{name}-default-nacl";
}

/// <summary>What a resource of the <see cref="Vpc"/> is there for.</summary>
public enum VpcPart
{
    Component,
    Vpc,
    InternetGateway,
    Subnet,
    PublicRouteTable,
    PublicDefaultRoute,
    PublicRouteTableAssociation,
    NatAddress,
    NatGateway,
    PrivateRouteTable,
    PrivateDefaultRoute,
    PrivateRouteTableAssociation,
    S3Endpoint,
    S3EndpointAssociation,
    EcrSecurityGroup,
    EcrEndpoint,
    FlowLogGroup,
    FlowLogRole,
    FlowLogRolePolicy,
    FlowLog,
    DefaultSecurityGroup,
    DefaultNetworkAcl,
}

/// <summary>
/// One resource a <see cref="Vpc"/> registers: its type token, logical name and parent's logical name (null: the
/// stack, for the component itself), the <c>Name</c> tag it gets (null: untagged), and which tier, zone or NAT
/// gateway it belongs to.
/// </summary>
/// <param name="Index">The zone (subnets, associations) or the NAT gateway (addresses, private route tables and routes).</param>
public sealed record VpcResource(VpcPart Part, string Type, string Name, string? Parent, string? NameTag, SubnetTier? Tier = null, int? Index = null)
{
    /// <summary>kops tags the VPC and the NAT gateways it uses, so the component leaves their tags alone after creating them.</summary>
    public bool KeepsItsTags => Part is VpcPart.Vpc or VpcPart.NatGateway;

    /// <summary>
    /// The tags the component gives the resource: the network's, then its <c>Name</c>, and a subnet's <c>tier</c>;
    /// null for a resource that takes no tags.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Tags(IReadOnlyDictionary<string, string> networkTags)
    {
        if (NameTag is null)
        {
            return null;
        }

        var tags = new Dictionary<string, string>(networkTags, StringComparer.Ordinal) { ["Name"] = NameTag };
        if (Part == VpcPart.Subnet)
        {
            tags["tier"] = Tier!.Value.TagValue();
        }

        return tags;
    }
}

/// <summary>
/// Every resource a <see cref="Vpc"/> with the given args registers, in the order it registers them: the component
/// first, then its children. Pure: nothing is created.
/// </summary>
public static class VpcLayout
{
    /// <summary>How many NAT gateways (with their private route table each) the strategy gives the zones.</summary>
    public static int NatCount(NatGatewayStrategy strategy, int zoneCount) => strategy == NatGatewayStrategy.OnePerAz ? zoneCount : 1;

    public static IReadOnlyList<VpcResource> Of(string name, VpcArgs args)
    {
        VpcInputs.CheckZones(args.AvailabilityZones, $"{nameof(VpcArgs)}.{nameof(VpcArgs.AvailabilityZones)}");
        var zones = args.AvailabilityZones;
        var names = new VpcNames(name, zones);
        var resources = new List<VpcResource> { new(VpcPart.Component, Vpc.TypeToken, name, null, null) };

        void Add<T>(VpcPart part, string logicalName, string? nameTag, SubnetTier? tier = null, int? index = null)
            where T : Resource =>
            resources.Add(new VpcResource(part, TypeOf<T>(), logicalName, name, nameTag, tier, index));

        Add<Aws.Ec2.Vpc>(VpcPart.Vpc, names.Vpc, name);
        Add<Aws.Ec2.InternetGateway>(VpcPart.InternetGateway, names.InternetGateway, name);
        foreach (var tier in SubnetTiers.All)
        {
            for (var zone = 0; zone < zones.Count; zone++)
            {
                Add<Aws.Ec2.Subnet>(VpcPart.Subnet, names.Subnet(tier, zone), names.SubnetNameTag(tier, zone), tier, zone);
            }
        }

        Add<Aws.Ec2.RouteTable>(VpcPart.PublicRouteTable, names.PublicRouteTable, names.PublicRouteTable);
        Add<Aws.Ec2.Route>(VpcPart.PublicDefaultRoute, names.PublicDefaultRoute, null);
        for (var zone = 0; zone < zones.Count; zone++)
        {
            Add<Aws.Ec2.RouteTableAssociation>(
                VpcPart.PublicRouteTableAssociation, names.RouteTableAssociation(SubnetTier.Public, zone), null, SubnetTier.Public, zone);
        }

        var natCount = NatCount(args.NatGateways, zones.Count);
        for (var nat = 0; nat < natCount; nat++)
        {
            if (args.NatGateways == NatGatewayStrategy.Regional)
            {
                Add<Aws.Ec2.NatGateway>(VpcPart.NatGateway, names.RegionalNat, names.RegionalNat, index: nat);
            }
            else
            {
                Add<Aws.Ec2.Eip>(VpcPart.NatAddress, names.Nat(nat), names.NatNameTag(nat), index: nat);
                Add<Aws.Ec2.NatGateway>(VpcPart.NatGateway, names.Nat(nat), names.NatNameTag(nat), index: nat);
            }

            Add<Aws.Ec2.RouteTable>(VpcPart.PrivateRouteTable, names.PrivateRouteTable(nat), names.PrivateRouteTableNameTag(nat), index: nat);
            Add<Aws.Ec2.Route>(VpcPart.PrivateDefaultRoute, names.PrivateDefaultRoute(nat), null, index: nat);
        }

        foreach (var tier in SubnetTiers.All.Where(tier => tier.IsPrivatelyRouted()))
        {
            for (var zone = 0; zone < zones.Count; zone++)
            {
                Add<Aws.Ec2.RouteTableAssociation>(VpcPart.PrivateRouteTableAssociation, names.RouteTableAssociation(tier, zone), null, tier, zone);
            }
        }

        if (args.S3Endpoint)
        {
            Add<Aws.Ec2.VpcEndpoint>(VpcPart.S3Endpoint, names.S3Endpoint, names.S3Endpoint);
            for (var nat = 0; nat < natCount; nat++)
            {
                Add<Aws.Ec2.VpcEndpointRouteTableAssociation>(VpcPart.S3EndpointAssociation, names.S3EndpointAssociation(nat), null, index: nat);
            }
        }

        if (args.EcrEndpoints)
        {
            Add<Aws.Ec2.SecurityGroup>(VpcPart.EcrSecurityGroup, names.EcrSecurityGroup, names.EcrSecurityGroup);
            foreach (var service in EcrServices)
            {
                Add<Aws.Ec2.VpcEndpoint>(VpcPart.EcrEndpoint, names.EcrEndpoint(service), names.EcrEndpoint(service));
            }
        }

        if (args.FlowLogs)
        {
            Add<Aws.CloudWatch.LogGroup>(VpcPart.FlowLogGroup, names.FlowLogs, names.FlowLogs);
            Add<Aws.Iam.Role>(VpcPart.FlowLogRole, names.FlowLogs, names.FlowLogs);
            Add<Aws.Iam.RolePolicy>(VpcPart.FlowLogRolePolicy, names.FlowLogs, null);
            Add<Aws.Ec2.FlowLog>(VpcPart.FlowLog, names.FlowLogs, names.FlowLogs);
        }

        if (args.EmptyDefaultSecurityGroup)
        {
            Add<Aws.Ec2.DefaultSecurityGroup>(VpcPart.DefaultSecurityGroup, names.DefaultSecurityGroup, names.DefaultSecurityGroup);
        }

        if (args.ManageDefaultNetworkAcl)
        {
            Add<Aws.Ec2.DefaultNetworkAcl>(VpcPart.DefaultNetworkAcl, names.DefaultNetworkAcl, names.DefaultNetworkAcl);
        }

        return resources;
    }

    /// <summary>The ECR interface endpoints: <c>api</c> serves the registry calls, <c>dkr</c> the image manifests.</summary>
    public static IReadOnlyList<string> EcrServices { get; } = ["api", "dkr"];

    /// <summary>The type token the provider SDK declares for a resource class.</summary>
    public static string TypeOf<T>() where T : Resource =>
        typeof(T).GetCustomAttribute<ResourceTypeAttribute>()?.Type
        ?? throw new InvalidOperationException($"{typeof(T).FullName} declares no resource type.");
}
