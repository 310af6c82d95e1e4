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

    /// <summary>The single worker group of a cluster without <see cref="NodeGroups"/>; null means its defaults.</summary>
    public NodeGroupSettings? Nodes { get; init; }

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

    /// <summary>Tags for everything kops creates for the cluster (<c>spec.cloudLabels</c>), over the network's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The worker groups; unset, the single <c>nodes</c> group that <see cref="Nodes"/> sizes.</summary>
    public IReadOnlyList<NodeGroup>? NodeGroups { get; init; }

    public AddonSettings Addons { get; init; } = new();

    /// <summary>
    /// IAM roles for service accounts: a public OIDC discovery document (in <see cref="KopsClusterArgs.DiscoveryStore"/>)
    /// and an AWS OIDC provider. The program resolves null before it builds a cluster: on for a new cluster, and for an
    /// existing one what it was, since switching it changes every service account's token issuer. The component reads
    /// null as off.
    /// </summary>
    public bool? Irsa { get; init; }

    /// <summary>Encrypt Secrets at rest in etcd, with a key the apply creates once in the state store.</summary>
    public bool EncryptionConfig { get; init; } = true;

    /// <summary>Log every API request's metadata on the control plane (<c>/var/log/kube-apiserver-audit.log</c>).</summary>
    public bool AuditLogging { get; init; }

    /// <summary>The groups kops runs workers in: <see cref="NodeGroups"/>, or the <c>nodes</c> group of <see cref="Nodes"/>.</summary>
    public IReadOnlyList<NodeGroup> WorkerGroups() => NodeGroups ?? [new NodeGroup
    {
        Name = NodeGroup.DefaultName,
        MachineType = (Nodes ?? new()).MachineType,
        Min = (Nodes ?? new()).Min,
        Max = (Nodes ?? new()).Max,
    }];
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

/// <summary>A group of workers: one InstanceGroup, or one per zone with <see cref="PerZone"/>.</summary>
public sealed record NodeGroup
{
    /// <summary>The group of a cluster that configures none: what every cluster had before node groups.</summary>
    public const string DefaultName = "nodes";

    /// <summary>The InstanceGroup's name (with <see cref="PerZone"/>, the prefix of <c>NAME-ZONE</c>); DNS-safe, unique in the cluster.</summary>
    public required string Name { get; init; }

    public string MachineType { get; init; } = "t3.large";

    /// <summary>Instances per group (with <see cref="PerZone"/>, per zone).</summary>
    public int Min { get; init; } = 2;

    public int Max { get; init; } = 4;

    /// <summary>The zones the group spans; unset, every zone of the VPC.</summary>
    public IReadOnlyList<string>? Zones { get; init; }

    /// <summary>One InstanceGroup per zone, so the cluster autoscaler can keep the zones balanced.</summary>
    public bool PerZone { get; init; }

    /// <summary>Run (some of) the group on Spot capacity.</summary>
    public SpotSettings? Spot { get; init; }

    /// <summary>Kubernetes labels for the group's nodes.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints for the group's nodes, as <c>key=value:Effect</c>.</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];
}

/// <summary>A group's mix of On-Demand and Spot instances (an EC2 Auto Scaling mixed instances policy).</summary>
public sealed record SpotSettings
{
    /// <summary>The On-Demand instances the group always keeps.</summary>
    public int OnDemandBase { get; init; }

    /// <summary>The percentage of On-Demand instances above the base; the rest are Spot.</summary>
    public int OnDemandAboveBase { get; init; }

    /// <summary>Instance types besides the group's machine type, so Spot can find capacity.</summary>
    public IReadOnlyList<string> InstanceTypes { get; init; } = [];
}

/// <summary>The add-ons kops installs and keeps updated with the cluster.</summary>
public sealed record AddonSettings
{
    /// <summary>metrics-server, served securely (it needs <see cref="CertManager"/>); what <c>kubectl top</c> and autoscaling use.</summary>
    public bool MetricsServer { get; init; } = true;

    public bool CertManager { get; init; } = true;

    /// <summary>The AWS Load Balancer Controller, for Ingress and NLB services; needs <see cref="CertManager"/>.</summary>
    public bool AwsLoadBalancerController { get; init; }

    /// <summary>The node termination handler in queue mode: drains nodes before Spot interruptions, rebalances and maintenance.</summary>
    public bool NodeTerminationHandler { get; init; } = true;
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
