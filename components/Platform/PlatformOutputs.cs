namespace KopsPlatform.Platform;

/// <summary>
/// The names of the kops-platform stack's outputs: an API that application stacks read through
/// <see cref="PlatformStackReference"/>. Add names freely; never rename or remove one.
/// </summary>
public static class PlatformOutputs
{
    public const string VpcId = "vpcId";
    public const string VpcCidr = "vpcCidr";
    public const string AvailabilityZones = "availabilityZones";
    public const string AdminSubnetIds = "adminSubnetIds";
    public const string PublicSubnetIds = "publicSubnetIds";
    public const string PrivateProdSubnetIds = "privateProdSubnetIds";
    public const string PrivateWorkingSubnetIds = "privateWorkingSubnetIds";
    public const string NatGatewayIds = "natGatewayIds";
    public const string PublicRouteTableId = "publicRouteTableId";
    public const string PrivateRouteTableIds = "privateRouteTableIds";
    public const string InternetGatewayId = "internetGatewayId";
    public const string ClusterCidr = "clusterCidr";
    public const string KopsSpecs = "kopsSpecs";
    public const string Kubeconfigs = "kubeconfigs";
    public const string StateStore = "stateStore";

    public static IReadOnlyList<string> All { get; } =
    [
        VpcId, VpcCidr, AvailabilityZones, AdminSubnetIds, PublicSubnetIds, PrivateProdSubnetIds, PrivateWorkingSubnetIds,
        NatGatewayIds, PublicRouteTableId, PrivateRouteTableIds, InternetGatewayId, ClusterCidr, KopsSpecs, Kubeconfigs, StateStore,
    ];

    /// <summary>Outputs that hold credentials: secret in the stack, secret when read.</summary>
    public static IReadOnlyList<string> Secret { get; } = [Kubeconfigs];
}
