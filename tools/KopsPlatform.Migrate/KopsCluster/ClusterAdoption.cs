using System.Globalization;
using System.Net;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Network;
using YamlDotNet.RepresentationModel;
using static KopsPlatform.Migrate.KopsCluster.StoredSpec;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>An InstanceGroup of the stored spec, by name and role.</summary>
public sealed record StoredGroup(string Name, string Role, YamlMappingNode Document);

/// <summary>
/// A stored cluster as the program would hold it: its <c>kops-platform:clusters</c> entry (without the SSH key, which
/// the store doesn't show), the existing state store, and the VPC it runs in.
/// </summary>
/// <param name="DiscoveryStore">The bucket the cluster publishes its IRSA discovery documents to, <c>s3://bucket</c>; null without IRSA.</param>
/// <param name="Notes">What the entry changes that the team should know before the diff shows it.</param>
public sealed record AdoptedCluster(
    ClusterSettings Settings,
    string Bucket,
    ClusterNetwork Network,
    string? DiscoveryStore,
    IReadOnlyList<string> Notes);

/// <summary>
/// Maps a stored kops spec onto <see cref="ClusterSettings"/>, with explicit subnets, and refuses, one line naming the
/// field, what the settings can't express: the first apply would then change what can't change, or build another
/// cluster than the one that runs.
/// </summary>
public static class ClusterAdoption
{
    /// <summary>The entry's key in the file the tool writes, as the program's checks name it.</summary>
    public const string EntryField = "kops-platform:clusters[0]";

    private const string ControlPlanePrefix = "control-plane-";

    /// <summary>The etcd clusters kops runs, each with a member on every control-plane instance.</summary>
    private static readonly string[] EtcdClusters = ["main", "events"];

    /// <summary>What the program writes for an etcd member; anything else on a running member it can't keep.</summary>
    private static readonly string[] EtcdMemberKeys = ["encryptedVolume", "instanceGroup", "name"];

    public static AdoptedCluster Adopt(StoredSpec stored)
    {
        try
        {
            return Read(stored);
        }
        catch (InvalidInputException e)
        {
            // The program's own checks on a stored field (named by its path in the spec).
            throw new MigrationException(e.Message, e);
        }
    }

    private static AdoptedCluster Read(StoredSpec stored)
    {
        var spec = stored.ClusterSpec;
        var name = stored.Name;

        var vpcId = Text(spec, "networkID") ?? throw new MigrationException(
            "spec.networkID: missing, so kops built the cluster a VPC of its own; the program adopts only clusters in a VPC the stack holds (networkID and networkCIDR of the migrated VPC).");
        var vpc = VpcBlock(Text(spec, "networkCIDR"));
        var freeRange = AddressPlan.Create(vpc, 1).ClusterRange;

        var subnets = Subnets(spec, freeRange);
        var privateByName = subnets.ToDictionary(subnet => subnet.PrivateName, subnet => subnet.Zone, StringComparer.Ordinal);

        var groups = stored.InstanceGroups.Select(group => new StoredGroup(Text(group, "metadata", "name")!, Text(group, "spec", "role") ?? "", group)).ToList();
        if (groups.FirstOrDefault(group => group.Role is not ("Master" or "ControlPlane" or "Node" or "Bastion")) is { } group)
        {
            throw new MigrationException(
                $"InstanceGroup {group.Name} spec.role: {(group.Role.Length == 0 ? "missing" : group.Role)}; the program renders control-plane (Master) and Node groups only, so it has nothing to adopt it as.");
        }

        var controlPlanes = ControlPlanes(groups, privateByName, spec);
        var controlPlaneZones = controlPlanes.Select(group => group.Zone).ToList();

        // Control-plane instance i runs in the entry's zone i: the zones with one come first, each list in the stored order.
        var ordered = subnets.Where(subnet => controlPlaneZones.Contains(subnet.Zone)).Concat(subnets.Where(subnet => !controlPlaneZones.Contains(subnet.Zone))).ToList();
        var zones = ordered.Select(subnet => subnet.Zone).ToList();

        var workers = NodeGroups(groups, privateByName, zones);
        var images = controlPlanes.Select(group => group.Image).Concat(workers.Select(group => group.Image)).Distinct().ToList();

        var egress = ordered.Select(subnet => subnet.Egress).ToList();
        var network = new ClusterNetwork(vpcId, vpc.ToString(), freeRange.ToString(), zones, egress.Distinct().Count() == 1 ? [egress[0]] : egress);
        var irsa = Map(spec, "serviceAccountIssuerDiscovery") is not null;

        var settings = new ClusterSettings
        {
            Name = name,
            Subnets =
            [
                .. ordered.Select(subnet => new ClusterSubnetSettings
                {
                    Zone = subnet.Zone,
                    PrivateCidr = subnet.Private.ToString(),
                    UtilityCidr = subnet.Utility.ToString(),
                    PrivateName = subnet.PrivateName == subnet.Zone ? null : subnet.PrivateName,
                    UtilityName = subnet.UtilityName == $"utility-{subnet.Zone}" ? null : subnet.UtilityName,
                }),
            ],
            KubernetesVersion = KubernetesVersion(spec),
            ControlPlane = new ControlPlaneSettings { Count = controlPlanes.Count, MachineType = controlPlanes[0].MachineType },
            Nodes = workers is [{ IsDefaultNodesGroup: true } nodes]
                ? new NodeGroupSettings { MachineType = nodes.Group.MachineType, Min = nodes.Group.Min, Max = nodes.Group.Max }
                : null,
            NodeGroups = workers is [{ IsDefaultNodesGroup: true }] ? null : [.. workers.Select(worker => worker.Group)],
            ApiAccess = Texts(spec, "kubernetesApiAccess") is { Count: > 0 } apiAccess ? apiAccess : throw new MigrationException(
                "spec.kubernetesApiAccess: none, so no address reaches the API through its load balancer; the program needs the CIDRs that may (apiAccess): "
                + $"set them on the stored cluster (kops edit cluster {name}) and read it again."),
            SshAccess = Texts(spec, "sshAccess"),
            ApiLoadBalancer = Text(spec, "api", "loadBalancer", "type") == "Internal" ? ApiLoadBalancerType.Internal : ApiLoadBalancerType.Public,
            Dns = Dns(spec, name),
            Networking = Networking(spec),
            Image = images is [{ } image] ? image : null,
            Channel = Text(spec, "channel") ?? ClusterSettings.DefaultChannel,
            Tags = Strings(Map(spec, "cloudLabels")),
            Addons = Addons(spec),
            Irsa = irsa,
            EncryptionConfig = Text(spec, "encryptionConfig") == "true",
        };

        CheckLoads(settings, vpc, freeRange);
        var discoveryStore = irsa ? DiscoveryStore(spec, name) : null;
        return new AdoptedCluster(settings, Bucket(spec, name), network, discoveryStore, [.. Notes(settings, spec, discoveryStore)]);
    }

    /// <summary>One zone's pair of subnets as the store has them.</summary>
    private sealed record ZoneSubnets(string Zone, IPNetwork Private, string PrivateName, string Egress, IPNetwork Utility, string UtilityName);

    private static IPNetwork VpcBlock(string? text)
    {
        var block = Ipv4.Parse(text).Network ?? throw new MigrationException(
            text is null
                ? "spec.networkCIDR: missing; the program needs the VPC's block (kops fills it in from networkID when it creates the cluster: take it from the VPC)."
                : $"spec.networkCIDR: '{text}' is not an IPv4 CIDR block.");
        return block.PrefixLength is >= AddressPlan.MinPrefixLength and <= AddressPlan.MaxPrefixLength
            ? block
            : throw new MigrationException(
                $"spec.networkCIDR: {block} is a /{block.PrefixLength}; the program's VPC is a /{AddressPlan.MinPrefixLength} to /{AddressPlan.MaxPrefixLength}, so this is no VPC it holds.");
    }

    private static List<ZoneSubnets> Subnets(YamlMappingNode spec, IPNetwork freeRange)
    {
        var privates = new Dictionary<string, (int Index, string Name, IPNetwork Block, string Egress)>(StringComparer.Ordinal);
        var utilities = new Dictionary<string, (int Index, string Name, IPNetwork Block)>(StringComparer.Ordinal);
        var order = new List<string>();
        var list = List(spec, "subnets");
        if (list.Count == 0)
        {
            throw new MigrationException("spec.subnets: none listed; the program needs each zone's Private and Utility subnet.");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var subnet = list[i];
            var subnetName = Text(subnet, "name") ?? $"#{i}";
            var field = $"spec.subnets[{i}] ({subnetName})";
            var type = Text(subnet, "type");
            switch (type)
            {
                case "Public":
                    throw new MigrationException(
                        $"{field}.type: Public, a public topology; the program builds private topologies only (Private subnets behind the VPC's NAT gateways, Utility subnets for load balancers), and kops can't change a cluster's topology.");
                case not ("Private" or "Utility"):
                    throw new MigrationException(
                        $"{field}.type: {type ?? "missing"}; the program's clusters have Private and Utility subnets only.");
            }

            if (Text(subnet, "id") is { } id)
            {
                throw new MigrationException(
                    $"{field}.id: {id}, a subnet kops shares rather than owns; the program renders subnets kops owns (no id), and kops would then try to create a second subnet at its block.");
            }

            var zone = Text(subnet, "zone") ?? throw new MigrationException($"{field}.zone: missing; kops 1.36 needs every subnet's zone.");
            var block = SubnetBlock(Text(subnet, "cidr"), $"{field}.cidr", freeRange);
            if (type == "Private")
            {
                var egress = Text(subnet, "egress");
                if (egress is null || !egress.StartsWith("nat-", StringComparison.Ordinal))
                {
                    throw new MigrationException(
                        $"{field}.egress: {egress ?? "missing"}; the program routes each private subnet through the VPC's NAT gateway of its zone (egress: nat-…), so it can't keep "
                        + (egress is null ? "the NAT gateway kops made for the cluster." : "this route."));
                }

                if (!privates.TryAdd(zone, (i, subnetName, block, egress)))
                {
                    throw new MigrationException(
                        $"{field}: a second Private subnet in {zone} (spec.subnets[{privates[zone].Index}] is one); the program gives each zone one Private and one Utility subnet.");
                }
            }
            else if (!utilities.TryAdd(zone, (i, subnetName, block)))
            {
                throw new MigrationException(
                    $"{field}: a second Utility subnet in {zone} (spec.subnets[{utilities[zone].Index}] is one); the program gives each zone one Private and one Utility subnet.");
            }

            if (!order.Contains(zone))
            {
                order.Add(zone);
            }
        }

        return
        [
            .. order.Select(zone => (privates.TryGetValue(zone, out var p), utilities.TryGetValue(zone, out var u)) switch
            {
                (true, true) => new ZoneSubnets(zone, p.Block, p.Name, p.Egress, u.Block, u.Name),
                (var hasPrivate, _) => throw new MigrationException(
                    $"spec.subnets: {zone} has a {(hasPrivate ? "Private" : "Utility")} subnet but no {(hasPrivate ? "Utility" : "Private")} one; "
                    + "the program gives each of a cluster's zones one of each (Private for the instances, Utility for load balancers)."),
            }),
        ];
    }

    private static IPNetwork SubnetBlock(string? text, string field, IPNetwork freeRange)
    {
        var block = Ipv4.Parse(text).Network ?? throw new MigrationException($"{field}: {(text is null ? "missing" : $"'{text}' is not an IPv4 CIDR block")}.");
        return Ipv4.Within(block, freeRange)
            ? block
            : throw new MigrationException(
                $"{field}: {block} lies outside {freeRange}, the upper half of the VPC that the program keeps for clusters; kops can't move a subnet, so the program can't adopt it.");
    }

    /// <summary>A control-plane group: where it runs, and what it runs on.</summary>
    private sealed record ControlPlane(string Name, string Zone, string MachineType, string? Image);

    private static List<ControlPlane> ControlPlanes(List<StoredGroup> groups, Dictionary<string, string> privateByName, YamlMappingNode spec)
    {
        var stored = groups.Where(group => group.Role is "Master" or "ControlPlane").ToList();
        if (stored.Count is not (1 or 3 or 5))
        {
            throw new MigrationException(
                $"InstanceGroups: {stored.Count} control-plane groups ({(stored.Count == 0 ? "none" : string.Join(", ", stored.Select(g => g.Name)))}); "
                + "the program runs 1, 3 or 5 (etcd needs an odd quorum), and kops can't remove etcd members, so it can't adopt this control plane.");
        }

        var controlPlanes = new List<ControlPlane>();
        foreach (var group in stored)
        {
            var groupSubnets = Texts(group.Document, "spec", "subnets");
            if (groupSubnets.Count != 1 || !privateByName.TryGetValue(groupSubnets[0], out var zone))
            {
                throw new MigrationException(
                    $"InstanceGroup {group.Name} spec.subnets: [{string.Join(", ", groupSubnets)}]; the program runs each control-plane instance in one zone's Private subnet.");
            }

            if (group.Name != $"{ControlPlanePrefix}{zone}")
            {
                throw new MigrationException(
                    $"InstanceGroup {group.Name}: the program names the control-plane group of {zone} {ControlPlanePrefix}{zone}, and its apply refuses to drop a control-plane group (kops can't remove etcd members), so it can't adopt one named otherwise.");
            }

            foreach (var key in new[] { "minSize", "maxSize" })
            {
                if (Text(group.Document, "spec", key) is { } size && size != "1")
                {
                    throw new MigrationException($"InstanceGroup {group.Name} spec.{key}: {size}; the program runs one instance per control-plane group.");
                }
            }

            var machineType = Text(group.Document, "spec", "machineType")
                ?? throw new MigrationException($"InstanceGroup {group.Name} spec.machineType: missing.");
            if (controlPlanes.Count > 0 && machineType != controlPlanes[0].MachineType)
            {
                throw new MigrationException(
                    $"InstanceGroup {group.Name} spec.machineType: {machineType}, but {controlPlanes[0].Name} runs {controlPlanes[0].MachineType}; the program gives every control-plane group one machine type (controlPlane.machineType).");
            }

            if (controlPlanes.Any(other => other.Zone == zone))
            {
                throw new MigrationException($"InstanceGroup {group.Name}: a second control-plane group in {zone}; the program runs one per zone.");
            }

            controlPlanes.Add(new ControlPlane(group.Name, zone, machineType, Text(group.Document, "spec", "image")));
        }

        CheckEtcd(spec, controlPlanes);
        return controlPlanes;
    }

    /// <summary>
    /// etcd-manager finds its volumes by cluster and member name, and kops can't change a volume's encryption or key:
    /// the members must be what the program renders for these control-plane groups.
    /// </summary>
    private static void CheckEtcd(YamlMappingNode spec, List<ControlPlane> controlPlanes)
    {
        var clusters = List(spec, "etcdClusters");
        var names = clusters.Select(cluster => Text(cluster, "name") ?? "").ToList();
        if (names.Count != EtcdClusters.Length || EtcdClusters.Any(name => !names.Contains(name)))
        {
            throw new MigrationException(
                $"spec.etcdClusters: [{string.Join(", ", names)}]; the program runs the etcd clusters main and events, and kops can't add or remove one on a running cluster.");
        }

        for (var i = 0; i < clusters.Count; i++)
        {
            var members = List(clusters[i], "etcdMembers");
            var field = $"spec.etcdClusters[{i}] ({names[i]})";
            if (members.Count != controlPlanes.Count)
            {
                throw new MigrationException(
                    $"{field}.etcdMembers: {members.Count} members for {controlPlanes.Count} control-plane groups; the program gives every control-plane group one member.");
            }

            for (var j = 0; j < members.Count; j++)
            {
                var member = (YamlMappingNode)members[j];
                var memberField = $"{field}.etcdMembers[{j}]";
                var group = Text(member, "instanceGroup");
                var owner = controlPlanes.FirstOrDefault(controlPlane => controlPlane.Name == group) ?? throw new MigrationException(
                    $"{memberField}.instanceGroup: {group ?? "missing"}, which is none of the control-plane groups ({string.Join(", ", controlPlanes.Select(c => c.Name))}).");
                var letter = owner.Zone[^1..];
                if (Text(member, "name") != letter)
                {
                    throw new MigrationException(
                        $"{memberField}.name: {Text(member, "name") ?? "missing"}, but the program names the member of {owner.Name} '{letter}' (its zone's letter, as kops create cluster does); etcd-manager finds its volumes by member name, so it can't be renamed.");
                }

                if (Text(member, "encryptedVolume") != "true")
                {
                    throw new MigrationException(
                        $"{memberField}.encryptedVolume: {Text(member, "encryptedVolume") ?? "missing"}; the program encrypts etcd volumes, and kops can't change an existing volume's encryption.");
                }

                if (member.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value!).FirstOrDefault(key => !EtcdMemberKeys.Contains(key)) is { } extra)
                {
                    throw new MigrationException(
                        $"{memberField}.{extra}: set, and the program renders etcd members with name, instanceGroup and encryptedVolume only; kops can't change a running member's volume to the defaults.");
                }
            }
        }
    }

    /// <summary>A worker group of the entry, and the image its stored groups run.</summary>
    private sealed record Worker(NodeGroup Group, string? Image)
    {
        /// <summary>What <c>nodes</c> renders: the one default group over every zone, nothing else set.</summary>
        public bool IsDefaultNodesGroup => Group is { Name: NodeGroup.DefaultName, PerZone: false, Zones: null, Spot: null, Labels.Count: 0, Taints.Count: 0 };
    }

    private static List<Worker> NodeGroups(List<StoredGroup> groups, Dictionary<string, string> privateByName, List<string> zones)
    {
        var drafts = new List<(StoredGroup Stored, NodeGroup Group, string? Image)>();
        foreach (var stored in groups.Where(group => group.Role == "Node"))
        {
            var groupSpec = Map(stored.Document, "spec") ?? new YamlMappingNode();
            var groupZones = new List<string>();
            foreach (var subnet in Texts(groupSpec, "subnets"))
            {
                groupZones.Add(privateByName.TryGetValue(subnet, out var zone) ? zone : throw new MigrationException(
                    $"InstanceGroup {stored.Name} spec.subnets: {subnet} is none of the cluster's Private subnets; the program runs workers in the Private subnets only."));
            }

            var policy = Map(groupSpec, "mixedInstancesPolicy");
            var instances = Texts(policy, "instances");
            var machineType = Text(groupSpec, "machineType") ?? instances.FirstOrDefault()
                ?? throw new MigrationException($"InstanceGroup {stored.Name} spec.machineType: missing.");
            drafts.Add((stored, new NodeGroup
            {
                Name = stored.Name,
                MachineType = machineType,
                // kops's own sizes for a Node group that gives none (populate_instancegroup_spec.go).
                Min = Number(groupSpec, "minSize", stored.Name) ?? 2,
                Max = Number(groupSpec, "maxSize", stored.Name) ?? 2,
                Zones = groupZones.SequenceEqual(zones) ? null : groupZones,
                Spot = policy is null ? null : new SpotSettings
                {
                    // AWS's defaults, which kops passes on when the policy gives none.
                    OnDemandBase = Number(policy, "onDemandBase", stored.Name) ?? 0,
                    OnDemandAboveBase = Number(policy, "onDemandAboveBase", stored.Name) ?? 100,
                    InstanceTypes = [.. instances.Where(type => type != machineType)],
                },
                Labels = Strings(Map(groupSpec, "nodeLabels")),
                Taints = Texts(groupSpec, "taints"),
            }, Text(groupSpec, "image")));
        }

        if (drafts.Count == 0)
        {
            throw new MigrationException(
                "InstanceGroups: no Node group; the program always runs workers (nodes or nodeGroups), so its first apply would add a group this cluster doesn't have.");
        }

        // NAME-ZONE groups alike in everything but the zone become one per-zone group, as they render the same.
        var workers = new List<Worker>();
        var merged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts.Where(draft => !merged.Contains(draft.Group.Name)))
        {
            var zone = draft.Group.Zones is [var only] ? only : null;
            var prefix = zone is not null && draft.Group.Name.EndsWith($"-{zone}", StringComparison.Ordinal) ? draft.Group.Name[..^(zone.Length + 1)] : null;
            var alike = prefix is null
                ? []
                : drafts.Where(other => other.Group.Zones is [var z] && other.Group.Name == $"{prefix}-{z}" && Alike(other.Group, draft.Group) && other.Image == draft.Image).ToList();
            if (alike.Count < 2)
            {
                workers.Add(new Worker(draft.Group, draft.Image));
                continue;
            }

            var perZone = alike.Select(other => other.Group.Zones![0]).ToList();
            merged.UnionWith(alike.Select(other => other.Group.Name));
            workers.Add(new Worker(draft.Group with { Name = prefix!, PerZone = true, Zones = perZone.SequenceEqual(zones) ? null : perZone }, draft.Image));
        }

        return workers;
    }

    private static bool Alike(NodeGroup a, NodeGroup b) =>
        a.MachineType == b.MachineType && a.Min == b.Min && a.Max == b.Max
        && a.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).SequenceEqual(b.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        && a.Taints.SequenceEqual(b.Taints)
        && (a.Spot, b.Spot) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.OnDemandBase == y.OnDemandBase && x.OnDemandAboveBase == y.OnDemandAboveBase && x.InstanceTypes.SequenceEqual(y.InstanceTypes),
            _ => false,
        };

    private static string KubernetesVersion(YamlMappingNode spec)
    {
        var text = Text(spec, "kubernetesVersion") ?? throw new MigrationException("spec.kubernetesVersion: missing.");
        return ClusterRules.ParseKubernetesVersion(text, "spec.kubernetesVersion").ToString();
    }

    private static DnsSettings Dns(YamlMappingNode spec, string name)
    {
        var type = Text(spec, "topology", "dns", "type") ?? "Public";
        if (!Enum.TryParse<DnsType>(type, ignoreCase: false, out var parsed))
        {
            throw new MigrationException($"spec.topology.dns.type: {type}; kops knows Public, Private and None.");
        }

        var zone = Text(spec, "dnsZone");
        if (parsed != DnsType.None && zone is null)
        {
            throw new MigrationException(
                $"spec.dnsZone: missing, with topology.dns.type {type}; the program names the Route53 zone the cluster's records go in (dns.zone): set it on the stored cluster (kops edit cluster {name}) and read it again.");
        }

        return new DnsSettings { Type = parsed, Zone = parsed == DnsType.None ? null : zone };
    }

    private static NetworkingProvider Networking(YamlMappingNode spec)
    {
        var providers = Map(spec, "networking")?.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value!).ToList() ?? [];
        return providers switch
        {
            ["cilium"] => NetworkingProvider.Cilium,
            ["calico"] => NetworkingProvider.Calico,
            [] => throw new MigrationException("spec.networking: no CNI; the program runs cilium or calico."),
            _ => throw new MigrationException(
                $"spec.networking.{providers.First(p => p is not ("cilium" or "calico"))}: the program supports only cilium and calico, and kops can't switch a running cluster's CNI."),
        };
    }

    private static AddonSettings Addons(YamlMappingNode spec)
    {
        bool On(string addon) => Text(spec, addon, "enabled") == "true";
        var metricsServer = On("metricsServer");
        var loadBalancerController = On("awsLoadBalancerController");
        return new AddonSettings
        {
            MetricsServer = metricsServer,
            // The program serves the metrics server and the controller's webhook with cert-manager's certificates.
            CertManager = On("certManager") || metricsServer || loadBalancerController,
            AwsLoadBalancerController = loadBalancerController,
            // kops installs the handler unless told not to.
            NodeTerminationHandler = Text(spec, "nodeTerminationHandler", "enabled") != "false",
        };
    }

    private static string Bucket(YamlMappingNode spec, string name)
    {
        var configBase = Text(spec, "configBase");
        var suffix = $"/{name}";
        if (configBase is null || !configBase.StartsWith("s3://", StringComparison.Ordinal) || !configBase.EndsWith(suffix, StringComparison.Ordinal)
            || configBase.Length <= "s3://".Length + suffix.Length || configBase["s3://".Length..^suffix.Length].Contains('/', StringComparison.Ordinal))
        {
            throw new MigrationException(
                $"spec.configBase: {configBase ?? "missing"}; the program keeps a cluster's config at s3://BUCKET/{name}, where kops keeps the keys and secrets, so it can adopt only a cluster stored there.");
        }

        var bucket = configBase["s3://".Length..^suffix.Length];
        StateStoreName.Check(bucket, "spec.configBase");
        return bucket;
    }

    private static string DiscoveryStore(YamlMappingNode spec, string name)
    {
        var store = Text(spec, "serviceAccountIssuerDiscovery", "discoveryStore");
        return store is null ? throw new MigrationException("spec.serviceAccountIssuerDiscovery.discoveryStore: missing; IRSA needs the bucket the discovery documents are in.")
            : store.EndsWith($"/{name}", StringComparison.Ordinal) ? store[..^(name.Length + 1)]
            : store;
    }

    private static IEnumerable<string> Notes(ClusterSettings settings, YamlMappingNode spec, string? discoveryStore)
    {
        if (discoveryStore is not null)
        {
            yield return $"IRSA: the cluster publishes its service-account issuer in {discoveryStore}, and this diff renders it there. The stack "
                + "publishes its clusters' in its own discoveryStore bucket (kops-oidc-<network>-<account>-<region>): unless that is the same "
                + "bucket, the first apply changes the issuer, and every service-account token stops working until pods get new ones.";
        }

        if (Text(spec, "api", "loadBalancer", "class") != "Network")
        {
            yield return $"api.loadBalancer.class: {Text(spec, "api", "loadBalancer", "class") ?? "unset (Classic in kops 1.36)"}, and the program's is Network: "
                + "kops then provisions a Network load balancer, moves the API's DNS record to it (the API is unreachable through it for a few minutes) "
                + "and leaves the Classic one to delete by hand (kops's CLB to NLB guide, permalinks/acm_nlb.md). The suggested specOverrides keep the "
                + "Classic one, which kops deprecates (1.36 release notes: removed in 1.38).";
        }

        if (settings.Image is null)
        {
            yield return "image: the groups don't all run one image, so the entry pins none, and kops then picks the stable channel's "
                + "image at every update (and rolls the instances onto it). Set image: to the one to run.";
        }

        if (settings.Addons.CertManager && Text(spec, "certManager", "enabled") != "true")
        {
            yield return "addons.certManager: on, though the cluster runs without it: the program serves the metrics server and the "
                + "AWS Load Balancer Controller's webhook with cert-manager's certificates, so the first apply installs it.";
        }
    }

    /// <summary>The program's own checks: the entry must load as the stack loads it.</summary>
    private static void CheckLoads(ClusterSettings settings, IPNetwork vpc, IPNetwork freeRange)
    {
        try
        {
            // The store doesn't show the SSH key, and the team adds their own: a stand-in passes its check here.
            ClusterRules.Check(settings with { SshPublicKey = "ssh-ed25519 AAAA" }, EntryField);
            ClusterSubnetPlan.CheckRoomForLoadBalancers(vpc, freeRange, "spec.networkCIDR");
        }
        catch (InvalidInputException e)
        {
            throw new MigrationException($"the entry would not load in the stack: {e.Message}", e);
        }
    }

    private static int? Number(YamlNode node, string key, string group) => Text(node, key) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        var text => throw new MigrationException($"InstanceGroup {group} spec.{key}: '{text}' is not a whole number."),
    };

    private static List<string> Texts(YamlNode? node, params string[] path) =>
        [.. List(node, path).Select(item => (item as YamlScalarNode)?.Value ?? throw new MigrationException($"{string.Join('.', path)}: a list of strings was expected."))];

    private static Dictionary<string, string> Strings(YamlMappingNode? map) =>
        map?.Children.ToDictionary(entry => ((YamlScalarNode)entry.Key).Value!, entry => (entry.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
        ?? [];
}
