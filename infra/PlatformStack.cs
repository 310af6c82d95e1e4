using System.Diagnostics.CodeAnalysis;
using System.Collections.Immutable;
using KopsPlatform.Infra.Configuration;
using KopsPlatform.Network;
using Pulumi;

namespace KopsPlatform.Infra;

/// <summary>The kops-platform program: reads the stack's config, composes the components, exports the outputs.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A Pulumi Stack; the name is a contract.")]
public sealed class PlatformStack : Stack
{
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

    public PlatformStack()
    {
        VpcArgs vpcArgs;
        string name;
        try
        {
            var region = new Config("aws").Require("region");
            var network = ConfigReader.Require<NetworkConfig>(NetworkConfig.Key);
            vpcArgs = network.ToVpcArgs(region);
            name = network.Name!;
        }
        catch (InvalidInputException e)
        {
            // A RunException is shown as its message alone: the user sees the key and the fix, not a stack trace.
            throw new RunException(e.Message, e);
        }

        var vpc = new Vpc(name, vpcArgs);
        VpcId = vpc.VpcId;
        VpcCidr = vpc.VpcCidr;
        AvailabilityZones = vpc.AvailabilityZones;
        AdminSubnetIds = vpc.AdminSubnetIds;
        PublicSubnetIds = vpc.PublicSubnetIds;
        PrivateProdSubnetIds = vpc.PrivateProdSubnetIds;
        PrivateWorkingSubnetIds = vpc.PrivateWorkingSubnetIds;
        NatGatewayIds = vpc.NatGatewayIds;
        PublicRouteTableId = vpc.PublicRouteTableId;
        PrivateRouteTableIds = vpc.PrivateRouteTableIds;
        InternetGatewayId = vpc.InternetGatewayId;
        ClusterCidr = vpc.ClusterCidr;
    }
}
