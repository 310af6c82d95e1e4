using System.Text.RegularExpressions;
using KopsPlatform.Kops;
using KopsPlatform.Network;
using Pulumi;

namespace KopsPlatform.Infra.Configuration;

/// <summary>
/// The whole stack configuration, bound and checked before any resource is declared. A stack owns its network
/// (<c>kops-platform:network</c>) or reads it from the stack that does (<c>kops-platform:networkStack</c>).
/// </summary>
public sealed partial record PlatformConfig(
    string Region,
    string? NetworkName,
    VpcArgs? Vpc,
    string? NetworkStack,
    IReadOnlyList<ClusterSettings> Clusters,
    StateStoreConfig StateStore,
    string KopsVersion,
    bool Protect,
    bool ExportAdminKubeconfig,
    KopsPlanMode KopsPlan = KopsPlanMode.Auto,
    bool KopsDriftCheck = false)
{
    /// <summary>The tags of the network the stack owns; none for a stack that reads its network.</summary>
    public IReadOnlyDictionary<string, string> NetworkTags { get; init; } = new Dictionary<string, string>();

    public const string ClustersKey = "clusters";
    public const string KopsVersionKey = "kopsVersion";
    public const string NetworkStackKey = "networkStack";

    public static PlatformConfig Load()
    {
        TopLevelKeys.Check(TopLevelKeys.FromEnvironment());
        var config = new Config(ConfigReader.Namespace);
        var region = new Config("aws").Require("region");
        var networkStack = config.Get(NetworkStackKey) is { Length: > 0 } reference ? reference : null;
        // Pulumi.yaml declares the network with an empty default, so that a stack reading its network need not set it.
        var network = ConfigReader.Get<NetworkConfig>(NetworkConfig.Key) is { IsEmpty: false } declared ? declared : null;
        var clusters = ConfigReader.Get<List<ClusterSettings>>(ClustersKey) ?? [];
        var stateStore = ConfigReader.Get<StateStoreConfig>(StateStoreConfig.Key) ?? new StateStoreConfig();
        var kopsVersion = config.Get(KopsVersionKey) ?? KopsScripts.DefaultKopsVersion;
        var protect = ConfigReader.Flag(TopLevelKeys.ProtectKey);
        var exportAdminKubeconfig = ConfigReader.Flag(TopLevelKeys.ExportAdminKubeconfigKey);
        var kopsPlan = KopsPlanPolicy.ParseMode(config.Get(KopsPlanPolicy.KopsPlanKey));
        var kopsDriftCheck = ConfigReader.Flag(KopsPlanPolicy.DriftCheckKey);
        stateStore.Check();

        if (!KopsVersionPattern().IsMatch(kopsVersion))
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(KopsVersionKey), $"'{kopsVersion}' is not a kops release", $"Pin a release such as {KopsScripts.DefaultKopsVersion}.");
        }

        VpcArgs? vpc = null;
        if (networkStack is not null)
        {
            CheckNetworkStack(networkStack, network, clusters);
        }
        else
        {
            vpc = (network ?? throw new InvalidInputException(
                ConfigReader.KeyOf(NetworkConfig.Key),
                "missing",
                $"Set it in the stack's Pulumi.<stack>.yaml, under config: ({ConfigReader.KeyOf(NetworkConfig.Key)}: ...), or set {ConfigReader.KeyOf(NetworkStackKey)} to read the network of another stack."))
                .ToVpcArgs(region, protect);
        }

        for (var i = 0; i < clusters.Count; i++)
        {
            ClusterRules.Check(clusters[i], FieldOf(i));
        }

        ClusterRules.CheckTogether(clusters, FieldOf);
        var loaded = new PlatformConfig(
            region, network?.Name, vpc, networkStack, clusters, stateStore, kopsVersion, protect, exportAdminKubeconfig, kopsPlan, kopsDriftCheck)
        {
            NetworkTags = network?.Tags ?? new Dictionary<string, string>(),
        };
        if (vpc is not null)
        {
            loaded.CheckZones(vpc.AvailabilityZones);
            if (clusters.Count > 0)
            {
                // kops puts the network's tags on the clusters' resources too, so kops's rules apply to them.
                FeatureRules.CheckCloudLabels(network!.Tags, ConfigReader.KeyOf(NetworkConfig.Key, "tags"));
                var plan = AddressPlan.Create(System.Net.IPNetwork.Parse(vpc.CidrBlock), vpc.AvailabilityZones.Count);
                ClusterSubnetPlan.CheckRoomForLoadBalancers(plan.Vpc, plan.ClusterRange, ConfigReader.KeyOf(NetworkConfig.Key, "cidr"));
                loaded.CheckAddresses(vpc.CidrBlock, vpc.AvailabilityZones);
            }
        }

        return loaded;
    }

    /// <summary>The clusters' zone-dependent rules; for a referenced network, run once its zones are read.</summary>
    public IReadOnlyList<string> CheckZones(IReadOnlyList<string> zones)
    {
        if (NetworkStack is not null)
        {
            VpcInputs.CheckZones(zones, $"{ConfigReader.KeyOf(NetworkStackKey)} ({NetworkStack}) availabilityZones", Region);
        }

        for (var i = 0; i < Clusters.Count; i++)
        {
            ClusterRules.CheckZones(Clusters[i], zones, FieldOf(i));
        }

        return zones;
    }

    /// <summary>Adopted subnets lie in the VPC's free range, clear of every other cluster; for a referenced network, run once its block is read.</summary>
    public void CheckAddresses(string vpcCidr, IReadOnlyList<string> zones)
    {
        var plan = AddressPlan.Create(System.Net.IPNetwork.Parse(vpcCidr), 1);
        ClusterAddresses.CheckTogether(Clusters, plan.Vpc, plan.ClusterRange, zones, FieldOf);
    }

    private static void CheckNetworkStack(string networkStack, NetworkConfig? network, List<ClusterSettings> clusters)
    {
        var key = ConfigReader.KeyOf(NetworkStackKey);
        if (!QualifiedStackName().IsMatch(networkStack))
        {
            throw new InvalidInputException(key, $"'{networkStack}' is not a full stack name", "Write it as organization/project/stack, e.g. acme/kops-platform/prod-network.");
        }

        if (network is not null)
        {
            throw new InvalidInputException(
                key,
                $"this stack reads its network from {networkStack}, but also sets {ConfigReader.KeyOf(NetworkConfig.Key)}",
                "Keep one: the network belongs to one stack.");
        }

        if (clusters.Count == 0)
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(ClustersKey), $"a stack that reads the network of {networkStack} exists for its clusters, but lists none", "Add a cluster.");
        }
    }

    private static string FieldOf(int index) => ConfigReader.KeyOf(ClustersKey, $"[{index}]");

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex KopsVersionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex QualifiedStackName();
}
