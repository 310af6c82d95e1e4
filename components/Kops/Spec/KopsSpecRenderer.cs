using System.Security.Cryptography;
using System.Text;
using KopsPlatform.Network;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace KopsPlatform.Kops.Spec;

/// <summary>The VPC a cluster lands in, as the VPC component (or a stack reference to it) reports it.</summary>
public sealed record ClusterNetwork(
    string VpcId,
    string VpcCidr,
    string ClusterCidr,
    IReadOnlyList<string> AvailabilityZones,
    IReadOnlyList<string> NatGatewayIds,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>Renders a cluster's kops spec: one Cluster document, then its InstanceGroups.</summary>
public static class KopsSpecRenderer
{
    public const string ApiVersion = "kops.k8s.io/v1alpha2";
    public const string ClusterLabel = "kops.k8s.io/cluster";

    /// <summary>kops runs two etcd clusters, each with a member on every control-plane instance.</summary>
    private static readonly string[] EtcdClusterNames = ["main", "events"];

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .DisableAliases()
        .WithEventEmitter(next => new ClusterSpecPatch.LiteralBlocks(next))
        .Build();

    /// <param name="stateStore">The kops state store, <c>s3://bucket</c>.</param>
    /// <param name="field">How the caller names the network values in errors.</param>
    /// <param name="discoveryStore">The public bucket for IRSA's discovery documents, <c>s3://bucket</c>; needed with <see cref="ClusterSettings.Irsa"/>.</param>
    public static string Render(ClusterSettings cluster, ClusterNetwork network, string stateStore, string field, string? discoveryStore = null) =>
        string.Join("---\n", Documents(cluster, network, stateStore, field, discoveryStore).Select(Yaml.Serialize));

    public static string Sha256(string spec) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec)));

    public static IReadOnlyList<object> Documents(
        ClusterSettings cluster, ClusterNetwork network, string stateStore, string field, string? discoveryStore = null)
    {
        var vpc = VpcInputs.ParseCidr(network.VpcCidr, $"{field}.vpcCidr");
        var freeRange = Ipv4.Parse(network.ClusterCidr).Network
            ?? throw new InvalidInputException($"{field}.clusterCidr", $"'{network.ClusterCidr}' is not a CIDR block", "Pass the VPC's clusterCidr output.");
        var vpcZones = network.AvailabilityZones;
        ClusterRules.CheckZones(cluster, vpcZones, field);
        if (network.NatGatewayIds.Count != 1 && network.NatGatewayIds.Count != vpcZones.Count)
        {
            throw new InvalidInputException(
                $"{field}.natGatewayIds",
                $"{network.NatGatewayIds.Count} NAT gateways for {vpcZones.Count} zones",
                "Pass one NAT gateway per zone, in zone order, or a single one for every zone.");
        }

        var subnets = ClusterAddresses.Subnets(cluster, vpc, freeRange, vpcZones, field);
        var zones = subnets.Select(subnet => subnet.Zone).ToArray();
        string EgressOf(string zone) => network.NatGatewayIds[network.NatGatewayIds.Count == 1 ? 0 : vpcZones.ToList().IndexOf(zone)];

        // InstanceGroups name the subnets they run in: a zone's private subnet, named after it unless adopted otherwise.
        string[] SubnetNames(IEnumerable<string> groupZones) => [.. groupZones.Select(zone => subnets.Single(subnet => subnet.Zone == zone).PrivateName)];
        var controlPlaneGroups = zones.Take(cluster.ControlPlane.Count).Select(zone => $"control-plane-{zone}").ToArray();

        var workerGroups = WorkerGroupPlan.Expand(cluster, zones);
        var spec = new ClusterSpec
        {
            Api = new ApiSpec(new LoadBalancerSpec { Type = cluster.ApiLoadBalancer.ToString() }),
            Channel = cluster.Channel == ClusterSettings.DefaultChannel ? null : cluster.Channel,
            ConfigBase = $"{stateStore.TrimEnd('/')}/{cluster.Name}",
            DnsZone = cluster.Dns.Zone,
            EncryptionConfig = cluster.EncryptionConfig ? true : null,
            EtcdClusters = EtcdClusterNames
                .Select(name => new EtcdClusterSpec(
                    controlPlaneGroups.Select((group, i) => new EtcdMemberSpec(true, group, ZoneLetter(zones[i]))).ToArray(),
                    name))
                .ToArray(),
            KubernetesApiAccess = cluster.ApiAccess,
            KubernetesVersion = ClusterRules.ParseKubernetesVersion(cluster.KubernetesVersion, $"{field}.kubernetesVersion").ToString(),
            NetworkCidr = vpc.ToString(),
            NetworkId = network.VpcId,
            Networking = cluster.Networking == NetworkingProvider.Calico ? new NetworkingSpec(Calico: new()) : new NetworkingSpec(Cilium: new()),
            SshAccess = cluster.SshAccess ?? [vpc.ToString()],
            Subnets =
            [
                .. subnets.Select(subnet => new SubnetSpec
                {
                    Cidr = subnet.Private.ToString(),
                    Egress = EgressOf(subnet.Zone),
                    Name = subnet.PrivateName,
                    Type = "Private",
                    Zone = subnet.Zone,
                }),
                .. subnets.Select(subnet => new SubnetSpec
                {
                    Cidr = subnet.Utility.ToString(),
                    Name = subnet.UtilityName,
                    Type = "Utility",
                    Zone = subnet.Zone,
                }),
            ],
            Topology = new TopologySpec(new DnsSpec(cluster.Dns.Type.ToString())),
        };
        spec = ClusterFeatures.Apply(spec, cluster, network.Tags, workerGroups, discoveryStore, field);

        var labels = new Dictionary<string, string> { [ClusterLabel] = cluster.Name };
        KopsObject<InstanceGroupSpec> Group(string name, InstanceGroupSpec groupSpec) =>
            new(ApiVersion, "InstanceGroup", new ObjectMeta(name, labels), groupSpec);

        return
        [
            cluster.SpecOverrides is { Count: > 0 } patch
                ? new KopsObject<object>(ApiVersion, "Cluster", new ObjectMeta(cluster.Name), ClusterSpecPatch.Apply(spec, patch, Yaml))
                : new KopsObject<ClusterSpec>(ApiVersion, "Cluster", new ObjectMeta(cluster.Name), spec),
            .. controlPlaneGroups.Select((group, i) => Group(group, new InstanceGroupSpec
            {
                Image = cluster.Image,
                MachineType = cluster.ControlPlane.MachineType,
                MaxSize = 1,
                MinSize = 1,
                Role = "ControlPlane",
                Subnets = SubnetNames([zones[i]]),
            })),
            .. workerGroups.Select(group => Group(group.Name, new InstanceGroupSpec
            {
                Image = cluster.Image,
                MachineType = group.Settings.MachineType,
                MaxSize = group.Settings.Max,
                MinSize = group.Settings.Min,
                MixedInstancesPolicy = group.Settings.Spot is { } spot
                    ? new MixedInstancesPolicySpec
                    {
                        Instances = [group.Settings.MachineType, .. spot.InstanceTypes],
                        OnDemandAboveBase = spot.OnDemandAboveBase,
                        OnDemandBase = spot.OnDemandBase,
                    }
                    : null,
                NodeLabels = group.Settings.Labels.Count > 0 ? Sorted(group.Settings.Labels) : null,
                Role = "Node",
                Subnets = SubnetNames(group.Zones),
                Taints = group.Settings.Taints.Count > 0 ? group.Settings.Taints : null,
            })),
        ];
    }

    /// <summary>Maps in key order, so that the same tags always render the same spec.</summary>
    internal static SortedDictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> map) => new(map.ToDictionary(), StringComparer.Ordinal);

    /// <summary>etcd members are named after their zone's letter, as kops names them.</summary>
    private static string ZoneLetter(string zone) => zone[^1..];
}
