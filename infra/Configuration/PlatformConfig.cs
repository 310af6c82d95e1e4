using System.Text.RegularExpressions;
using KopsPlatform.Kops;
using Pulumi;

namespace KopsPlatform.Infra.Configuration;

/// <summary>The whole stack configuration, bound and checked before any resource is declared.</summary>
public sealed partial record PlatformConfig(
    string Region,
    string NetworkName,
    Network.VpcArgs Vpc,
    IReadOnlyList<ClusterSettings> Clusters,
    StateStoreConfig StateStore,
    string KopsVersion)
{
    public const string ClustersKey = "clusters";
    public const string KopsVersionKey = "kopsVersion";

    public static PlatformConfig Load()
    {
        var region = new Config("aws").Require("region");
        var network = ConfigReader.Require<NetworkConfig>(NetworkConfig.Key);
        var vpc = network.ToVpcArgs(region);
        var clusters = ConfigReader.Get<List<ClusterSettings>>(ClustersKey) ?? [];
        var stateStore = ConfigReader.Get<StateStoreConfig>(StateStoreConfig.Key) ?? new StateStoreConfig();
        var kopsVersion = new Config(ConfigReader.Namespace).Get(KopsVersionKey) ?? KopsScripts.DefaultKopsVersion;
        if (!KopsVersionPattern().IsMatch(kopsVersion))
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(KopsVersionKey), $"'{kopsVersion}' is not a kops release", $"Pin a release such as {KopsScripts.DefaultKopsVersion}.");
        }

        string FieldOf(int index) => ConfigReader.KeyOf(ClustersKey, $"[{index}]");
        for (var i = 0; i < clusters.Count; i++)
        {
            ClusterRules.Check(clusters[i], FieldOf(i));
            ClusterRules.CheckZones(clusters[i], vpc.AvailabilityZones.Count, FieldOf(i));
        }

        ClusterRules.CheckTogether(clusters, FieldOf);
        return new PlatformConfig(region, network.Name!, vpc, clusters, stateStore, kopsVersion);
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex KopsVersionPattern();
}
