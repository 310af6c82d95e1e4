using YamlDotNet.Serialization;

namespace KopsPlatform.Kops.Spec;

// The slice of kops.k8s.io/v1alpha2 (as kops 1.36 serves it) that this platform writes. Within a spec, keys are
// in the alphabetical order kops itself prints, so a rendered spec diffs cleanly against `kops get -o yaml`. Cluster-level network fields (networkID, networkCIDR,
// subnets, topology, nonMasqueradeCIDR) sit directly in the spec: kops ignores them under networking.

public sealed record KopsObject<TSpec>(string ApiVersion, string Kind, ObjectMeta Metadata, TSpec Spec);

public sealed record ObjectMeta(string Name, IReadOnlyDictionary<string, string>? Labels = null);

/// <summary>An empty object (<c>{}</c>): kops switches features on by the presence of a key, e.g. <c>rbac: {}</c>.</summary>
public sealed record Enabled;

public sealed record ClusterSpec
{
    public required ApiSpec Api { get; init; }
    public AuthorizationSpec Authorization { get; init; } = new();
    public AddonSpec? AwsLoadBalancerController { get; init; }
    public AddonSpec? CertManager { get; init; }
    /// <summary>Left out for kops's default, stable, so that specs rendered before the setting existed stay the same.</summary>
    public string? Channel { get; init; }
    public IReadOnlyDictionary<string, string>? CloudLabels { get; init; }
    public string CloudProvider { get; init; } = "aws";
    public ClusterAutoscalerSpec? ClusterAutoscaler { get; init; }
    public required string ConfigBase { get; init; }
    public string? DnsZone { get; init; }
    /// <summary>True or left out: kops reads the key from the state store's <c>encryptionconfig</c> secret.</summary>
    public bool? EncryptionConfig { get; init; }
    public required IReadOnlyList<EtcdClusterSpec> EtcdClusters { get; init; }
    public IReadOnlyList<FileAssetSpec>? FileAssets { get; init; }
    public IamSpec Iam { get; init; } = new();
    [YamlMember(Alias = "kubeAPIServer")] public KubeApiServerSpec? KubeApiServer { get; init; }
    public KubeletSpec Kubelet { get; init; } = new();
    public required IReadOnlyList<string> KubernetesApiAccess { get; init; }
    public required string KubernetesVersion { get; init; }
    public MetricsServerSpec? MetricsServer { get; init; }
    [YamlMember(Alias = "networkCIDR")] public required string NetworkCidr { get; init; }
    [YamlMember(Alias = "networkID")] public required string NetworkId { get; init; }
    public required NetworkingSpec Networking { get; init; }
    public NodeTerminationHandlerSpec? NodeTerminationHandler { get; init; }
    [YamlMember(Alias = "nonMasqueradeCIDR")] public string NonMasqueradeCidr { get; init; } = "100.64.0.0/10";
    public ServiceAccountIssuerDiscoverySpec? ServiceAccountIssuerDiscovery { get; init; }
    public required IReadOnlyList<string> SshAccess { get; init; }
    public required IReadOnlyList<SubnetSpec> Subnets { get; init; }
    public required TopologySpec Topology { get; init; }
}

public sealed record ApiSpec(LoadBalancerSpec LoadBalancer);

/// <summary>Always <c>class: Network</c>: kops 1.37 removes the Classic ELB that an omitted class used to mean.</summary>
public sealed record LoadBalancerSpec
{
    public string Class { get; init; } = "Network";
    public required string Type { get; init; }
}

/// <summary>An add-on kops installs; left out when off, as kops defaults these to off.</summary>
public sealed record AddonSpec(bool Enabled);

public sealed record ClusterAutoscalerSpec
{
    /// <summary>Set with per-zone groups, so a scale-up spreads across the zones' look-alike groups.</summary>
    public bool? BalanceSimilarNodeGroups { get; init; }
    public bool Enabled { get; init; } = true;
}

/// <summary>A file kops writes onto the instances of the given roles (e.g. the audit policy onto the control plane).</summary>
public sealed record FileAssetSpec(
    [property: YamlMember(ScalarStyle = YamlDotNet.Core.ScalarStyle.Literal)] string Content,
    string Name,
    string Path,
    IReadOnlyList<string> Roles);

public sealed record IamSpec
{
    /// <summary>Lets the nodes pull from ECR in the account, as <c>kops create cluster</c> sets it.</summary>
    public bool AllowContainerRegistry { get; init; } = true;
    /// <summary>Required by the schema; false gives each role its own least-privilege policy, as new clusters get.</summary>
    public bool Legacy { get; init; }
    /// <summary>With IRSA: kops's add-ons get their AWS permissions through their service accounts, not the nodes' role.</summary>
    public bool? UseServiceAccountExternalPermissions { get; init; }
}

public sealed record KubeApiServerSpec
{
    public int AuditLogMaxAge { get; init; }
    public int AuditLogMaxBackups { get; init; }
    public int AuditLogMaxSize { get; init; }
    public required string AuditLogPath { get; init; }
    public required string AuditPolicyFile { get; init; }
}

/// <summary>The metrics server, served with a certificate the API server checks (<c>insecure: false</c> needs cert-manager).</summary>
public sealed record MetricsServerSpec
{
    public bool Enabled { get; init; } = true;
    public bool Insecure { get; init; }
}

/// <summary>kops installs the handler unless told not to, so it is always written: off is <c>enabled: false</c>.</summary>
public sealed record NodeTerminationHandlerSpec
{
    /// <summary>Queue mode: kops adds the SQS queue and EventBridge rules, so the handler sees ASG and Spot events.</summary>
    [YamlMember(Alias = "enableSQSTerminationDraining")] public bool? EnableSqsTerminationDraining { get; init; }
    public required bool Enabled { get; init; }
}

public sealed record ServiceAccountIssuerDiscoverySpec
{
    /// <summary>Where kops publishes the OIDC discovery document and keys: a publicly readable bucket.</summary>
    public required string DiscoveryStore { get; init; }
    [YamlMember(Alias = "enableAWSOIDCProvider")] public bool EnableAwsOidcProvider { get; init; } = true;
}

public sealed record AuthorizationSpec
{
    public Enabled Rbac { get; init; } = new();
}

public sealed record EtcdClusterSpec(IReadOnlyList<EtcdMemberSpec> EtcdMembers, string Name);

public sealed record EtcdMemberSpec(bool EncryptedVolume, string InstanceGroup, string Name);

public sealed record KubeletSpec
{
    public bool AnonymousAuth { get; init; }
}

public sealed record NetworkingSpec(Enabled? Cilium = null, Enabled? Calico = null);

/// <summary>A kops-owned subnet; Private ones egress through <see cref="Egress"/>, an existing NAT gateway.</summary>
public sealed record SubnetSpec
{
    public required string Cidr { get; init; }
    public string? Egress { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Zone { get; init; }
}

public sealed record TopologySpec(DnsSpec Dns);

public sealed record DnsSpec(string Type);

public sealed record InstanceGroupSpec
{
    /// <summary>Pinned, so an update never swaps the image (and rolls every node) while the spec stays the same.</summary>
    public string? Image { get; init; }
    public InstanceMetadataSpec InstanceMetadata { get; init; } = new();
    public required string MachineType { get; init; }
    public required int MaxSize { get; init; }
    public required int MinSize { get; init; }
    public MixedInstancesPolicySpec? MixedInstancesPolicy { get; init; }
    public IReadOnlyDictionary<string, string>? NodeLabels { get; init; }
    public required string Role { get; init; }
    public required IReadOnlyList<string> Subnets { get; init; }
    public IReadOnlyList<string>? Taints { get; init; }
}

/// <summary>On-Demand up to the base and the percentage above it, Spot for the rest, across the listed types.</summary>
public sealed record MixedInstancesPolicySpec
{
    public required IReadOnlyList<string> Instances { get; init; }
    public required int OnDemandAboveBase { get; init; }
    public required int OnDemandBase { get; init; }
    /// <summary>AWS's recommendation: the pools least likely to be interrupted, among the cheaper ones.</summary>
    public string SpotAllocationStrategy { get; init; } = "price-capacity-optimized";
}

/// <summary>IMDSv2 only: a stolen SSRF can't read the instance's credentials with a plain GET.</summary>
public sealed record InstanceMetadataSpec
{
    public string HttpTokens { get; init; } = "required";
}
