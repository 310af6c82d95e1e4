namespace KopsPlatform.Kops;

/// <summary>What a team decides about one kops cluster; the network it lands in comes from the VPC.</summary>
public sealed record ClusterSettings
{
    /// <summary>The cluster's DNS name, e.g. dev.k8s.example.com; also its name in the state store.</summary>
    public required string Name { get; init; }

    /// <summary>Which quarter of the VPC's free range holds the cluster's subnets; stable for the cluster's life.</summary>
    public required int Slot { get; init; }

    public required string KubernetesVersion { get; init; }

    public ControlPlaneSettings ControlPlane { get; init; } = new();

    public NodeGroupSettings Nodes { get; init; } = new();

    /// <summary>CIDRs allowed to reach the Kubernetes API.</summary>
    public IReadOnlyList<string> ApiAccess { get; init; } = [];

    public ApiLoadBalancerType ApiLoadBalancer { get; init; } = ApiLoadBalancerType.Public;

    public DnsSettings Dns { get; init; } = new();

    /// <summary>CIDRs allowed to SSH to the instances; the VPC's own block when not given.</summary>
    public IReadOnlyList<string>? SshAccess { get; init; }

    public NetworkingProvider Networking { get; init; } = NetworkingProvider.Cilium;

    /// <summary>The public key kops installs for SSH (the key text, e.g. <c>ssh-ed25519 AAAA… ops@example.com</c>).</summary>
    public string? SshPublicKey { get; init; }

    /// <summary>Roll the instances after a spec change (<c>kops rolling-update cluster --yes</c>); off, they roll when you do.</summary>
    public bool RollingUpdate { get; init; }

    /// <summary>Wait for <c>kops validate cluster</c> after every change.</summary>
    public bool Validate { get; init; } = true;

    /// <summary>How long validation may wait for the cluster to become healthy, as kops writes durations.</summary>
    public string ValidateTimeout { get; init; } = "15m";

    /// <summary>Lifetime of the admin kubeconfig the stack exports (<c>kops export kubeconfig --admin</c>).</summary>
    public string KubeconfigTtl { get; init; } = "18h";

    /// <summary>
    /// Lets the cluster's delete step run. The delete script is the one stored at the last successful up, so deleting
    /// a cluster takes two reviewed changes: set this and up, then remove the cluster and up.
    /// </summary>
    public bool AllowDelete { get; init; }

    /// <summary>The node image for every instance group (an AMI id or <c>owner/name</c>); unset, kops picks the channel's.</summary>
    public string? Image { get; init; }

    /// <summary>kops's own default channel.</summary>
    public const string DefaultChannel = "stable";

    /// <summary>The kops channel the cluster follows for images and add-on versions.</summary>
    public string Channel { get; init; } = DefaultChannel;
}

public sealed record ControlPlaneSettings
{
    /// <summary>1, 3 or 5 control-plane instances, one per zone.</summary>
    public int Count { get; init; } = 1;

    public string MachineType { get; init; } = "t3.medium";
}

public sealed record NodeGroupSettings
{
    public string MachineType { get; init; } = "t3.large";

    public int Min { get; init; } = 2;

    public int Max { get; init; } = 4;
}

public sealed record DnsSettings
{
    public DnsType Type { get; init; } = DnsType.None;

    /// <summary>The Route53 hosted zone, for <see cref="DnsType.Public"/> and <see cref="DnsType.Private"/>.</summary>
    public string? Zone { get; init; }
}

/// <summary>kops's <c>topology.dns.type</c>: None needs no Route53 zone (gossip names are gone from kops 1.37).</summary>
public enum DnsType
{
    None,
    Public,
    Private,
}

public enum ApiLoadBalancerType
{
    Public,
    Internal,
}

public enum NetworkingProvider
{
    Cilium,
    Calico,
}
