using System.Globalization;
using System.Text.RegularExpressions;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Network;

namespace KopsPlatform.Kops;

/// <summary>
/// What makes <see cref="ClusterSettings"/> buildable by kops 1.36. Each check takes the name its caller knows the
/// cluster by (<c>kops-platform:clusters[0]</c>, <c>KopsClusterArgs.Settings</c>) and names the field under it.
/// </summary>
public static partial class ClusterRules
{
    /// <summary>Slots per VPC: each takes a quarter of the free range.</summary>
    public const int SlotCount = 4;

    /// <summary>The Kubernetes minors kops 1.36 supports.</summary>
    public static readonly Version OldestKubernetes = new(1, 31);

    public static readonly Version NewestKubernetes = new(1, 36);

    /// <summary>The exported kubeconfig holds cluster-admin credentials: they must expire within a day.</summary>
    public static readonly TimeSpan MaxKubeconfigTtl = TimeSpan.FromHours(24);

    /// <summary>The smallest RSA key AWS imports.</summary>
    public const int MinRsaKeyBits = 2048;

    private static readonly int[] ControlPlaneSizes = [1, 3, 5];

    public static void Check(ClusterSettings cluster, string field)
    {
        CheckName(cluster.Name, $"{field}.name");

        CheckAddressing(cluster, field);

        ParseKubernetesVersion(cluster.KubernetesVersion, $"{field}.kubernetesVersion");

        if (!ControlPlaneSizes.Contains(cluster.ControlPlane.Count))
        {
            throw new InvalidInputException(
                $"{field}.controlPlane.count",
                $"{cluster.ControlPlane.Count} control-plane instances can't keep an etcd quorum",
                "Use 1 (dev), 3 or 5.");
        }

        CheckMachineType(cluster.ControlPlane.MachineType, $"{field}.controlPlane.machineType");
        NodeGroupRules.Check(cluster, field);
        FeatureRules.Check(cluster, field);
        ClusterSpecPatch.Check(cluster.SpecOverrides, $"{field}.specOverrides");

        if (cluster.ApiAccess.Count == 0)
        {
            throw new InvalidInputException(
                $"{field}.apiAccess", "no CIDR may reach the Kubernetes API", "List the CIDRs that may, e.g. [203.0.113.0/24].");
        }

        CheckCidrs(cluster.ApiAccess, $"{field}.apiAccess");
        CheckCidrs(cluster.SshAccess ?? [], $"{field}.sshAccess");

        CheckSshPublicKey(cluster.SshPublicKey, $"{field}.sshPublicKey");
        if (cluster.Image is { } image && !ImagePattern().IsMatch(image))
        {
            throw new InvalidInputException(
                $"{field}.image",
                $"'{image}' is neither an AMI id nor an owner/name image path",
                "Give an AMI id such as ami-0123456789abcdef0, or owner/name such as 099720109477/ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20251101.");
        }

        if (!ChannelPattern().IsMatch(cluster.Channel))
        {
            throw new InvalidInputException(
                $"{field}.channel", $"'{cluster.Channel}' is not a kops channel", "Use a channel name such as stable or alpha, or an https:// channel URL.");
        }

        CheckDuration(cluster.ValidateTimeout, TimeSpan.FromHours(2), $"{field}.validateTimeout");
        CheckDuration(cluster.KubeconfigTtl, MaxKubeconfigTtl, $"{field}.kubeconfigTtl");

        if (cluster.Dns.Type == DnsType.None ? cluster.Dns.Zone is not null : string.IsNullOrWhiteSpace(cluster.Dns.Zone))
        {
            throw new InvalidInputException(
                $"{field}.dns.zone",
                cluster.Dns.Type == DnsType.None ? "a zone is set but dns.type is None" : $"dns.type {cluster.Dns.Type} needs a Route53 zone",
                cluster.Dns.Type == DnsType.None ? "Remove the zone, or set type Public or Private." : "Set dns.zone, e.g. k8s.example.com.");
        }

        // kops writes the cluster's records (api.<name>) into the zone, so the name must lie inside it.
        if (cluster.Dns.Zone is { } zone && !cluster.Name.EndsWith($".{zone.TrimEnd('.')}", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(
                $"{field}.name",
                $"'{cluster.Name}' is not inside the Route53 zone {zone} (dns.zone)",
                $"Name the cluster inside the zone, e.g. {cluster.Name.Split('.')[0]}.{zone.TrimEnd('.')}, or use the zone the name is in.");
        }
    }

    /// <summary>Names and slots must be unique: a slot is an address block, a name a cluster in the state store.</summary>
    public static void CheckTogether(IReadOnlyList<ClusterSettings> clusters, Func<int, string> fieldOf)
    {
        for (var i = 0; i < clusters.Count; i++)
        {
            var earlier = clusters.Take(i).ToList();
            var sameName = earlier.FindIndex(c => string.Equals(c.Name, clusters[i].Name, StringComparison.OrdinalIgnoreCase));
            if (sameName >= 0)
            {
                throw new InvalidInputException(
                    $"{fieldOf(i)}.name", $"'{clusters[i].Name}' is also the name of {fieldOf(sameName)}", "Give every cluster its own name.");
            }

            var sameSlot = clusters[i].Slot is { } slot ? earlier.FindIndex(c => c.Slot == slot) : -1;
            if (sameSlot >= 0)
            {
                var free = Enumerable.Range(0, SlotCount).Except(clusters.Select(c => c.Slot ?? -1)).ToList();
                throw new InvalidInputException(
                    $"{fieldOf(i)}.slot",
                    $"slot {clusters[i].Slot} is already taken by {fieldOf(sameSlot)} ({clusters[sameSlot].Name})",
                    free.Count > 0 ? $"Use a free slot: {string.Join(", ", free)}." : $"A VPC holds {SlotCount} clusters; use another VPC.");
            }
        }
    }

    /// <summary>
    /// Control-plane instances go one per zone, so the cluster needs at least as many zones; node groups use its zones.
    /// A cluster with a slot has all the VPC's zones; an adopted cluster those of its subnets, which must be the VPC's.
    /// </summary>
    public static void CheckZones(ClusterSettings cluster, IReadOnlyList<string> vpcZones, string field)
    {
        for (var i = 0; i < (cluster.Subnets?.Count ?? 0); i++)
        {
            if (!vpcZones.Contains(cluster.Subnets![i].Zone))
            {
                throw new InvalidInputException(
                    $"{field}.subnets[{i}].zone", $"{cluster.Subnets[i].Zone} is not one of the VPC's zones", $"Use one of: {string.Join(", ", vpcZones)}.");
            }
        }

        var zones = ClusterAddresses.Zones(cluster, vpcZones);
        NodeGroupRules.CheckZones(cluster, zones, field);
        var zoneCount = zones.Count;
        if (cluster.ControlPlane.Count > zoneCount)
        {
            var holder = cluster.Subnets is null ? "the VPC has" : "the cluster's subnets span";
            throw new InvalidInputException(
                $"{field}.controlPlane.count",
                $"{cluster.ControlPlane.Count} control-plane instances need {cluster.ControlPlane.Count} zones, but {holder} {zoneCount}",
                zoneCount >= 3 ? "Use 3." : $"Use 1, or give {(cluster.Subnets is null ? "the VPC" : "the cluster")} at least 3 zones.");
        }
    }

    /// <summary>A cluster has a slot (a new cluster) or explicit subnets (an adopted one), never both.</summary>
    private static void CheckAddressing(ClusterSettings cluster, string field)
    {
        switch (cluster.Slot, cluster.Subnets)
        {
            case (null, null):
                throw new InvalidInputException(
                    $"{field}.slot",
                    "missing",
                    $"Give the cluster a slot (0 to {SlotCount - 1}, unique within the VPC), or subnets to adopt a cluster whose subnets exist.");
            case (not null, not null):
                throw new InvalidInputException(
                    $"{field}.subnets", "the cluster has a slot too", "Keep one: slot for a cluster the stack builds, subnets for one it adopts.");
            case ({ } slot, null) when slot is < 0 or >= SlotCount:
                throw new InvalidInputException(
                    $"{field}.slot", $"slot {slot} is out of range", $"Use 0 to {SlotCount - 1}, unique within the VPC.");
            case (null, { } subnets):
                ExplicitSubnets.Parse(subnets, $"{field}.subnets");
                break;
        }
    }

    public static Version ParseKubernetesVersion(string text, string field)
    {
        var match = KubernetesVersionPattern().Match(text);
        if (!match.Success)
        {
            throw new InvalidInputException(field, $"'{text}' is not a Kubernetes version", "Write it as 1.MINOR.PATCH, e.g. 1.35.4.");
        }

        var version = new Version(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
        var minor = new Version(version.Major, version.Minor);
        if (minor < OldestKubernetes || minor > NewestKubernetes)
        {
            throw new InvalidInputException(
                field,
                $"{version} is outside what kops 1.36 supports",
                $"Use {OldestKubernetes} to {NewestKubernetes} (e.g. {NewestKubernetes}.0).");
        }

        return version;
    }

    private static void CheckName(string name, string field)
    {
        if (name.EndsWith(".k8s.local", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(
                field,
                $"'{name}' is a gossip (.k8s.local) name, which kops 1.37 removes",
                "Use a DNS name such as dev.k8s.example.com with dns.type None.");
        }

        if (name.Length > 253 || !DnsName().IsMatch(name))
        {
            throw new InvalidInputException(
                field,
                $"'{name}' is not a DNS name",
                "Use lower-case labels of letters, digits and '-', joined by dots, e.g. dev.k8s.example.com.");
        }
    }

    /// <summary>An EC2 instance type: family (with generation and options), a dot, a size, e.g. m7i-flex.large.</summary>
    internal static void CheckMachineType(string machineType, string field)
    {
        if (!MachineTypePattern().IsMatch(machineType))
        {
            throw new InvalidInputException(
                field, $"'{machineType}' is not an EC2 instance type", "Give one such as t3.large or m7i.xlarge (aws ec2 describe-instance-types lists them).");
        }
    }

    private static void CheckCidrs(IEnumerable<string> cidrs, string field)
    {
        foreach (var cidr in cidrs)
        {
            var parsed = Ipv4.Parse(cidr);
            if (parsed.Network is null)
            {
                throw new InvalidInputException(
                    field,
                    $"'{cidr}' is not an IPv4 CIDR block",
                    parsed.Suggested is { } suggested ? $"Use {suggested}." : "Write it as a.b.c.d/n, e.g. 203.0.113.0/24.");
            }
        }
    }

    private static void CheckSshPublicKey(string? key, string field)
    {
        const string usable = "Give an ed25519 key, or an RSA key of 2048 bits or more (ssh-keygen -t ed25519).";
        if (key is not null && key.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new InvalidInputException(
                field, "this is a private key", "Never put a private key in config: give the public half (the .pub file's text).");
        }

        var match = SshPublicKeyPattern().Match(key?.Trim() ?? "");
        if (!match.Success)
        {
            throw new InvalidInputException(
                field,
                key is null ? "missing" : "is not an SSH public key",
                "Give the public key text, e.g. 'ssh-ed25519 AAAA... ops@example.com'.");
        }

        // AWS imports only RSA and ed25519 keys; kops stores any other kind and then fails every update on it.
        switch (match.Groups["type"].Value)
        {
            case "ssh-ed25519":
                return;
            case "ssh-rsa" when RsaModulusBits(match.Groups["blob"].Value) is { } bits:
                if (bits < MinRsaKeyBits)
                {
                    throw new InvalidInputException(field, $"an RSA key of {bits} bits is too weak for AWS", usable);
                }

                return;
            case "ssh-rsa":
                throw new InvalidInputException(field, "is not a readable RSA public key", usable);
            case var type when type.StartsWith("ecdsa-", StringComparison.Ordinal) || type.StartsWith("sk-", StringComparison.Ordinal):
                throw new InvalidInputException(field, $"{type} keys don't work on AWS: kops stores them, then fails every update computing their fingerprint", usable);
            default:
                throw new InvalidInputException(field, $"{match.Groups["type"].Value} keys don't work on AWS", usable);
        }
    }

    /// <summary>The modulus size of an <c>ssh-rsa</c> key blob: string "ssh-rsa", mpint e, mpint n (RFC 4253, 6.6).</summary>
    private static int? RsaModulusBits(string base64)
    {
        var blob = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, blob, out var length))
        {
            return null;
        }

        var fields = new List<byte[]>();
        for (var at = 0; at + 4 <= length && fields.Count < 3;)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(at, 4));
            if (size < 0 || at + 4 + size > length)
            {
                return null;
            }

            fields.Add(blob[(at + 4)..(at + 4 + size)]);
            at += 4 + size;
        }

        if (fields.Count != 3 || System.Text.Encoding.ASCII.GetString(fields[0]) != "ssh-rsa")
        {
            return null;
        }

        var modulus = fields[2].AsSpan().TrimStart((byte)0);
        return modulus.Length == 0 ? 0 : ((modulus.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
    }

    private static void CheckDuration(string duration, TimeSpan max, string field)
    {
        if (!DurationPattern().IsMatch(duration) || TimeSpan.FromSeconds(KopsScripts.DurationSeconds(duration)) > max)
        {
            throw new InvalidInputException(
                field,
                $"'{duration}' is not a duration of at most {max.TotalHours:0}h",
                "Write a whole number of seconds, minutes or hours, e.g. 15m or 18h.");
        }
    }

    [GeneratedRegex(@"^(?<type>ssh-[a-z0-9]+|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9-]+@openssh\.com) (?<blob>[A-Za-z0-9+/]+={0,3})( [^\r\n]*)?$")]
    private static partial Regex SshPublicKeyPattern();

    [GeneratedRegex(@"^(ami-([0-9a-f]{8}|[0-9a-f]{17})|[A-Za-z0-9][A-Za-z0-9.-]*/[^\s]+)$")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"^([a-z][a-z0-9-]*|https://[^\s]+)$")]
    private static partial Regex ChannelPattern();

    [GeneratedRegex(@"^[1-9][0-9]{0,5}[smh]$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+$")]
    private static partial Regex MachineTypePattern();

    [GeneratedRegex(@"^v?(\d+)\.(\d+)\.(\d+)$")]
    private static partial Regex KubernetesVersionPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$")]
    private static partial Regex DnsName();
}
