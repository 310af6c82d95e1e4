using System.Collections.Immutable;
using Pulumi;

namespace KopsPlatform.Platform;

/// <summary>
/// A four-tier VPC as clusters and application stacks see it: the <see cref="Network.Vpc"/> of this stack, or
/// one read from the stack that owns it through <see cref="PlatformStackReference"/>.
/// </summary>
public interface IPlatformNetwork
{
    Output<string> VpcId { get; }
    Output<string> VpcCidr { get; }
    Output<ImmutableArray<string>> AvailabilityZones { get; }
    Output<ImmutableArray<string>> AdminSubnetIds { get; }
    Output<ImmutableArray<string>> PublicSubnetIds { get; }
    Output<ImmutableArray<string>> PrivateProdSubnetIds { get; }
    Output<ImmutableArray<string>> PrivateWorkingSubnetIds { get; }
    Output<ImmutableArray<string>> NatGatewayIds { get; }
    Output<string> PublicRouteTableId { get; }
    Output<ImmutableArray<string>> PrivateRouteTableIds { get; }
    Output<string> InternetGatewayId { get; }
    Output<string> ClusterCidr { get; }

    /// <summary>The S3 gateway endpoint; null without one (or from a network stack whose last up predates this output).</summary>
    Output<string?> S3EndpointId { get; }
}
