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

    /// <summary>The network's <c>name</c>: what the VPC's resources and the state store are named after.</summary>
    public const string NetworkName = "networkName";

    /// <summary>Per cluster name, the <see cref="ClusterRecord"/> the next run checks its changes against.</summary>
    public const string Clusters = "clusters";

    /// <summary>Whether the stack created the state store (true) or uses an existing bucket (false).</summary>
    public const string StateStoreCreated = "stateStoreCreated";

    /// <summary>Per cluster name, a kubeconfig with the API server and its CA, and no credential.</summary>
    public const string ClusterKubeconfigs = "clusterKubeconfigs";

    /// <summary>Per cluster name, the command that mints a short-lived admin credential for whoever can read the state store.</summary>
    public const string KubeconfigCommands = "kubeconfigCommands";

    /// <summary>Per cluster name, the apply's state-store drift-repair term (empty until the store first drifted).</summary>
    public const string DriftRepairs = "driftRepairs";

    /// <summary>Per cluster name, in a preview, the summary of kops's plan of the change.</summary>
    public const string KopsPlans = "kopsPlans";

    /// <summary>The public bucket of the clusters' IRSA discovery documents, <c>s3://bucket</c>; absent when no cluster uses IRSA.</summary>
    public const string DiscoveryStore = "discoveryStore";

    /// <summary>The network's tags: a stack that reads the network tags its clusters' resources with them too.</summary>
    public const string NetworkTags = "networkTags";

    /// <summary>The VPC's S3 gateway endpoint, where <c>s3Endpoint</c> is on (absent otherwise): clusters' route tables join it.</summary>
    public const string S3EndpointId = "s3EndpointId";

    public static IReadOnlyList<string> All { get; } =
    [
        VpcId, VpcCidr, AvailabilityZones, AdminSubnetIds, PublicSubnetIds, PrivateProdSubnetIds, PrivateWorkingSubnetIds,
        NatGatewayIds, PublicRouteTableId, PrivateRouteTableIds, InternetGatewayId, ClusterCidr, KopsSpecs, Kubeconfigs, StateStore,
        NetworkName, Clusters, StateStoreCreated, ClusterKubeconfigs, KubeconfigCommands, DriftRepairs, KopsPlans, DiscoveryStore, NetworkTags,
        S3EndpointId,
    ];

    /// <summary>Outputs that hold credentials: secret in the stack, secret when read.</summary>
    public static IReadOnlyList<string> Secret { get; } = [Kubeconfigs];
}
