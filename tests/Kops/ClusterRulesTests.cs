using KopsPlatform.Kops;

namespace KopsPlatform.Tests.Kops;

public class ClusterRulesTests
{
    public static ClusterSettings Valid { get; } = new()
    {
        Name = "dev.k8s.example.com",
        Slot = 0,
        KubernetesVersion = "1.35.4",
        ApiAccess = ["203.0.113.0/24"],
        SshPublicKey = Testing.FakeKops.SshPublicKey,
    };

    public static TheoryData<string, ClusterSettings, string> BadClusters { get; } = new()
    {
        { "not a DNS name", Valid with { Name = "Dev_Cluster" }, "c.name: 'Dev_Cluster' is not a DNS name" },
        { "a single label", Valid with { Name = "dev" }, "c.name: 'dev' is not a DNS name" },
        { "a gossip name", Valid with { Name = "dev.k8s.local" }, "c.name: 'dev.k8s.local' is a gossip (.k8s.local) name" },
        { "a negative slot", Valid with { Slot = -1 }, "c.slot: slot -1 is out of range. Use 0 to 3" },
        { "slot 4", Valid with { Slot = 4 }, "c.slot: slot 4 is out of range" },
        { "Kubernetes 1.30", Valid with { KubernetesVersion = "1.30.9" }, "c.kubernetesVersion: 1.30.9 is outside what kops 1.36 supports. Use 1.31 to 1.36" },
        { "Kubernetes 1.37", Valid with { KubernetesVersion = "v1.37.0" }, "c.kubernetesVersion: 1.37.0 is outside what kops 1.36 supports" },
        { "a version without patch", Valid with { KubernetesVersion = "1.35" }, "c.kubernetesVersion: '1.35' is not a Kubernetes version" },
        { "2 control planes", Valid with { ControlPlane = new() { Count = 2 } }, "c.controlPlane.count: 2 control-plane instances can't keep an etcd quorum" },
        { "4 control planes", Valid with { ControlPlane = new() { Count = 4 } }, "c.controlPlane.count: 4 control-plane" },
        { "min above max", Valid with { Nodes = new() { Min = 5, Max = 3 } }, "c.nodes: min 5 and max 3 give no valid size" },
        { "no API access", Valid with { ApiAccess = [] }, "c.apiAccess: no CIDR may reach the Kubernetes API" },
        { "a bad API CIDR", Valid with { ApiAccess = ["203.0.113.0/33"] }, "c.apiAccess: '203.0.113.0/33' is not an IPv4 CIDR block" },
        { "an API CIDR with host bits", Valid with { ApiAccess = ["203.0.113.7/24"] }, "Use 203.0.113.0/24." },
        { "a bad SSH CIDR", Valid with { SshAccess = ["office"] }, "c.sshAccess: 'office' is not an IPv4 CIDR block" },
        { "Public DNS without a zone", Valid with { Dns = new() { Type = DnsType.Public } }, "c.dns.zone: dns.type Public needs a Route53 zone" },
        { "a zone with DNS None", Valid with { Dns = new() { Zone = "example.com" } }, "c.dns.zone: a zone is set but dns.type is None" },
        { "a name outside the zone", Valid with { Dns = new() { Type = DnsType.Private, Zone = "k8s.internal" } }, "c.name: 'dev.k8s.example.com' is not inside the Route53 zone k8s.internal (dns.zone). Name the cluster inside the zone, e.g. dev.k8s.internal, or use the zone the name is in." },
        { "a name that only ends like the zone", Valid with { Dns = new() { Type = DnsType.Public, Zone = "ample.com" } }, "c.name: 'dev.k8s.example.com' is not inside the Route53 zone ample.com" },
        { "no SSH key", Valid with { SshPublicKey = null }, "c.sshPublicKey: missing. Give the public key text" },
        { "a private SSH key", Valid with { SshPublicKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----" }, "c.sshPublicKey: this is a private key. Never put a private key in config" },
        { "a path instead of a key", Valid with { SshPublicKey = "~/.ssh/id_ed25519.pub" }, "c.sshPublicKey: is not an SSH public key" },
        { "an ECDSA key", Valid with { SshPublicKey = SshKeys.Ecdsa256 }, "c.sshPublicKey: ecdsa-sha2-nistp256 keys don't work on AWS: kops stores them, then fails every update computing their fingerprint. Give an ed25519 key, or an RSA key of 2048 bits or more" },
        { "a DSA key", Valid with { SshPublicKey = SshKeys.Dsa }, "c.sshPublicKey: ssh-dss keys don't work on AWS. Give an ed25519 key" },
        { "a 1024-bit RSA key", Valid with { SshPublicKey = SshKeys.Rsa1024 }, "c.sshPublicKey: an RSA key of 1024 bits is too weak for AWS." },
        { "a 2047-bit RSA key", Valid with { SshPublicKey = SshKeys.Rsa2047 }, "c.sshPublicKey: an RSA key of 2047 bits is too weak for AWS." },
        { "an RSA key cut short", Valid with { SshPublicKey = SshKeys.Rsa2048[..120] }, "c.sshPublicKey: is not a readable RSA public key." },
        { "an ed25519 blob labelled RSA", Valid with { SshPublicKey = "ssh-rsa" + SshKeys.Ed25519["ssh-ed25519".Length..] }, "c.sshPublicKey: is not a readable RSA public key." },
        { "an image that is a name only", Valid with { Image = "ubuntu-noble" }, "c.image: 'ubuntu-noble' is neither an AMI id nor an owner/name image path" },
        { "a short AMI id", Valid with { Image = "ami-0123" }, "c.image: 'ami-0123' is neither" },
        { "a channel with spaces", Valid with { Channel = "my channel" }, "c.channel: 'my channel' is not a kops channel" },
        { "a validate timeout in days", Valid with { ValidateTimeout = "1d" }, "c.validateTimeout: '1d' is not a duration of at most 2h" },
        { "a week-long admin kubeconfig", Valid with { KubeconfigTtl = "168h" }, "c.kubeconfigTtl: '168h' is not a duration of at most 24h" },
        { "a kubeconfig a minute past a day", Valid with { KubeconfigTtl = "1441m" }, "c.kubeconfigTtl: '1441m' is not a duration of at most 24h" },
        { "a kubeconfig a second past a day", Valid with { KubeconfigTtl = "86401s" }, "c.kubeconfigTtl: '86401s' is not a duration of at most 24h" },
        { "a validation a minute past 2h", Valid with { ValidateTimeout = "121m" }, "c.validateTimeout: '121m' is not a duration of at most 2h" },
        { "a validation of 3h", Valid with { ValidateTimeout = "3h" }, "c.validateTimeout: '3h' is not a duration of at most 2h" },
        { "a zero duration", Valid with { ValidateTimeout = "0m" }, "c.validateTimeout: '0m' is not a duration" },
        { "a duration without unit", Valid with { ValidateTimeout = "900" }, "c.validateTimeout: '900' is not a duration" },
        { "Kubernetes 1.30.0", Valid with { KubernetesVersion = "1.30.0" }, "c.kubernetesVersion: 1.30.0 is outside what kops 1.36 supports" },
        { "Kubernetes 1.37.0", Valid with { KubernetesVersion = "1.37.0" }, "c.kubernetesVersion: 1.37.0 is outside what kops 1.36 supports" },
        { "Kubernetes 2.35.0", Valid with { KubernetesVersion = "2.35.0" }, "c.kubernetesVersion: 2.35.0 is outside what kops 1.36 supports" },
        { "negative nodes", Valid with { Nodes = new() { Min = -1, Max = 3 } }, "c.nodes: min -1 and max 3 give no valid size. Use 0 <= min <= max." },
        { "an API CIDR past /32", Valid with { ApiAccess = ["203.0.113.7/33"] }, "c.apiAccess: '203.0.113.7/33' is not an IPv4 CIDR block" },
        { "an empty machine type", Valid with { ControlPlane = new() { MachineType = "" } }, "c.controlPlane.machineType: '' is not an EC2 instance type" },
        { "a machine type without size", Valid with { Nodes = new() { MachineType = "m6i" } }, "c.nodes.machineType: 'm6i' is not an EC2 instance type" },
    };

    /// <summary>Each limit's last accepted value; <see cref="BadClusters"/> holds the first refused one.</summary>
    public static TheoryData<string, ClusterSettings> ClustersAtTheLimits { get; } = new()
    {
        { "the oldest Kubernetes kops 1.36 runs", Valid with { KubernetesVersion = "1.31.0" } },
        { "the newest Kubernetes kops 1.36 runs", Valid with { KubernetesVersion = "1.36.0" } },
        { "a late 1.36 patch, v-prefixed", Valid with { KubernetesVersion = "v1.36.99" } },
        { "a day-long admin kubeconfig", Valid with { KubeconfigTtl = "24h" } },
        { "a day-long admin kubeconfig in minutes", Valid with { KubeconfigTtl = "1440m" } },
        { "a day-long admin kubeconfig in seconds", Valid with { KubeconfigTtl = "86400s" } },
        { "a 2h validation", Valid with { ValidateTimeout = "2h" } },
        { "a 2h validation in minutes", Valid with { ValidateTimeout = "120m" } },
        { "a one-second validation", Valid with { ValidateTimeout = "1s" } },
        { "one host may reach the API", Valid with { ApiAccess = ["203.0.113.7/32"], SshAccess = ["198.51.100.9/32"] } },
        { "everyone may reach the API", Valid with { ApiAccess = ["0.0.0.0/0"], SshAccess = ["0.0.0.0/0"] } },
        { "no nodes", Valid with { Nodes = new() { Min = 0, Max = 0 } } },
        { "a fixed node count", Valid with { Nodes = new() { Min = 3, Max = 3 } } },
        { "slot 0", Valid with { Slot = 0 } },
        { "slot 3", Valid with { Slot = 3 } },
        { "five control planes", Valid with { ControlPlane = new() { Count = 5 } } },
    };

    [Theory]
    [MemberData(nameof(ClustersAtTheLimits))]
    public void Values_at_each_limit_pass(string why, ClusterSettings cluster)
    {
        var error = Record.Exception(() => ClusterRules.Check(cluster, "c"));

        Assert.True(error is null, $"{why}: {error?.Message}");
    }

    [Theory]
    [InlineData("45s", 45)]
    [InlineData("15m", 900)]
    [InlineData("90m", 5400)]
    [InlineData("2h", 7200)]
    [InlineData("18h", 64800)]
    public void Durations_read_as_kops_writes_them(string duration, int seconds) => Assert.Equal(seconds, KopsScripts.DurationSeconds(duration));

    [Theory]
    [MemberData(nameof(BadClusters))]
    public void Bad_clusters_are_refused_with_the_field_and_the_fix(string why, ClusterSettings cluster, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => ClusterRules.Check(cluster, "c"));

        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{why}: {error.Message}");
    }

    [Theory]
    [InlineData(SshKeys.Rsa2048)]
    [InlineData(SshKeys.Rsa4096)]
    [InlineData(SshKeys.Ed25519)]
    public void Keys_AWS_imports_pass(string key) => ClusterRules.Check(Valid with { SshPublicKey = key }, "c");

    [Theory]
    [InlineData("ami-0123abcd")]
    [InlineData("ami-0123456789abcdef0")]
    [InlineData("099720109477/ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20251101")]
    public void Pinned_images_pass(string image) => ClusterRules.Check(Valid with { Image = image }, "c");

    [Fact]
    public void A_sound_cluster_passes()
    {
        ClusterRules.Check(Valid, "c");
        ClusterRules.Check(Valid with { ControlPlane = new() { Count = 3 }, Dns = new() { Type = DnsType.Private, Zone = "k8s.example.com" } }, "c");
        ClusterRules.Check(Valid with { Dns = new() { Type = DnsType.Public, Zone = "Example.com." } }, "c");
        ClusterRules.CheckZones(Valid with { ControlPlane = new() { Count = 3 } }, ["us-east-1a", "us-east-1b", "us-east-1c"], "c");
    }

    [Fact]
    public void More_control_planes_than_zones_are_refused()
    {
        var error = Assert.Throws<InvalidInputException>(() => ClusterRules.CheckZones(Valid with { ControlPlane = new() { Count = 3 } }, ["us-east-1a", "us-east-1b"], "c"));

        Assert.Equal("c.controlPlane.count: 3 control-plane instances need 3 zones, but the VPC has 2. Use 1, or give the VPC at least 3 zones.", error.Message);
    }

    [Fact]
    public void Five_control_planes_never_fit_in_four_zones() =>
        Assert.Throws<InvalidInputException>(() => ClusterRules.CheckZones(Valid with { ControlPlane = new() { Count = 5 } }, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"], "c"));

    [Fact]
    public void Duplicate_names_are_refused()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            ClusterRules.CheckTogether([Valid, Valid with { Slot = 1, Name = "DEV.k8s.example.com" }], i => $"clusters[{i}]"));

        Assert.Equal("clusters[1].name: 'DEV.k8s.example.com' is also the name of clusters[0]. Give every cluster its own name.", error.Message);
    }

    [Fact]
    public void Duplicate_slots_are_refused_with_the_free_ones()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            ClusterRules.CheckTogether([Valid, Valid with { Name = "b.k8s.example.com", Slot = 2 }, Valid with { Name = "c.k8s.example.com" }], i => $"clusters[{i}]"));

        Assert.Equal("clusters[2].slot: slot 0 is already taken by clusters[0] (dev.k8s.example.com). Use a free slot: 1, 3.", error.Message);
    }
}
