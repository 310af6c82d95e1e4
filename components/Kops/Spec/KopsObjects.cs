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
    /// <summary>Left out for kops's default, stable, so that specs rendered before the setting existed stay the same.</summary>
    public string? Channel { get; init; }
    public string CloudProvider { get; init; } = "aws";
    public required string ConfigBase { get; init; }
    public string? DnsZone { get; init; }
    public required IReadOnlyList<EtcdClusterSpec> EtcdClusters { get; init; }
    public KubeletSpec Kubelet { get; init; } = new();
    public required IReadOnlyList<string> KubernetesApiAccess { get; init; }
    public required string KubernetesVersion { get; init; }
    [YamlMember(Alias = "networkCIDR")] public required string NetworkCidr { get; init; }
    [YamlMember(Alias = "networkID")] public required string NetworkId { get; init; }
    public required NetworkingSpec Networking { get; init; }
    [YamlMember(Alias = "nonMasqueradeCIDR")] public string NonMasqueradeCidr { get; init; } = "100.64.0.0/10";
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
    public required string Role { get; init; }
    public required IReadOnlyList<string> Subnets { get; init; }
}

/// <summary>IMDSv2 only: a stolen SSRF can't read the instance's credentials with a plain GET.</summary>
public sealed record InstanceMetadataSpec
{
    public string HttpTokens { get; init; } = "required";
}
