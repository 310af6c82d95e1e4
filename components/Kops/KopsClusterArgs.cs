using Pulumi;

namespace KopsPlatform.Kops;

public sealed class KopsClusterArgs : ResourceArgs
{
    /// <summary>The cluster itself: decides the spec's shape, so it is plain and checked up front.</summary>
    public required ClusterSettings Settings { get; set; }

    /// <summary>The kops version the commands insist on (<c>kops version --short</c>); another one stops them.</summary>
    public string KopsVersion { get; set; } = KopsScripts.DefaultKopsVersion;

    /// <summary>Protect the Command that owns the cluster, so that no up can run its delete step.</summary>
    public bool Protect { get; set; }

    /// <summary>Also mint an admin kubeconfig (a credential, valid the cluster's kubeconfig TTL) after every apply.</summary>
    public bool ExportAdminKubeconfig { get; set; }

    /// <summary>
    /// The spec the last successful up applied (the stack's previous <c>kopsSpecs</c> entry); null for a new cluster.
    /// The state store is checked against it for drift.
    /// </summary>
    public string? AppliedSpec { get; set; }

    /// <summary>Whether a preview asks kops for its plan of the change (<see cref="KopsPlanReport"/>).</summary>
    public KopsPlanMode Plan { get; set; } = KopsPlanMode.Auto;

    /// <summary>The drift-repair term the last successful up used (<see cref="StoreDrift"/>); null when there was none.</summary>
    public string? PreviousDriftRepair { get; set; }

    /// <summary>The kops state store, <c>s3://bucket</c>.</summary>
    public Input<string> StateStore { get; set; } = null!;

    /// <summary>The public bucket for IRSA's discovery documents (<see cref="DiscoveryStore"/>); needed when <see cref="ClusterSettings.Irsa"/> is on.</summary>
    public Input<string>? DiscoveryStore { get; set; }

    /// <summary>The network's tags: with the cluster's own tags, they go on everything kops creates (<c>spec.cloudLabels</c>).</summary>
    public InputMap<string> NetworkTags { get => _networkTags ??= []; set => _networkTags = value; }

    /// <summary>The AWS region kops works in.</summary>
    public Input<string> Region { get; set; } = null!;

    // The VPC, as the Vpc component's outputs or a stack reference to them.
    public Input<string> VpcId { get; set; } = null!;
    public Input<string> VpcCidr { get; set; } = null!;

    /// <summary>
    /// The VPC's free range (its <c>clusterCidr</c>); the cluster's subnets come from its <see cref="ClusterSettings.Slot"/>,
    /// or lie there already (<see cref="ClusterSettings.Subnets"/>).
    /// </summary>
    public Input<string> ClusterCidr { get; set; } = null!;

    public InputList<string> AvailabilityZones { get => _availabilityZones ??= []; set => _availabilityZones = value; }

    /// <summary>
    /// The VPC's S3 gateway endpoint: kops's private route table in each zone is associated with it after the apply.
    /// Null without one.
    /// </summary>
    public ClusterS3Endpoint? S3Endpoint { get; set; }

    /// <summary>NAT gateway ids in zone order (or a single one), for the private subnets' egress.</summary>
    public InputList<string> NatGatewayIds { get => _natGatewayIds ??= []; set => _natGatewayIds = value; }

    private InputMap<string>? _networkTags;
    private InputList<string>? _availabilityZones;
    private InputList<string>? _natGatewayIds;
}
