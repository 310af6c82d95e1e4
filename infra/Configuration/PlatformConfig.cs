using KopsPlatform.Kops;
using Pulumi;

namespace KopsPlatform.Infra.Configuration;

/// <summary>The whole stack configuration, bound and checked before any resource is declared.</summary>
public sealed record PlatformConfig(
    string Region,
    string NetworkName,
    Network.VpcArgs Vpc,
    IReadOnlyList<ClusterSettings> Clusters,
    StateStoreConfig StateStore)
{
    public const string ClustersKey = "clusters";

    public static PlatformConfig Load()
    {
        var region = new Config("aws").Require("region");
        var network = ConfigReader.Require<NetworkConfig>(NetworkConfig.Key);
        var vpc = network.ToVpcArgs(region);
        var clusters = ConfigReader.Get<List<ClusterSettings>>(ClustersKey) ?? [];
        var stateStore = ConfigReader.Get<StateStoreConfig>(StateStoreConfig.Key) ?? new StateStoreConfig();

        string FieldOf(int index) => ConfigReader.KeyOf(ClustersKey, $"[{index}]");
        for (var i = 0; i < clusters.Count; i++)
        {
            ClusterRules.Check(clusters[i], FieldOf(i));
            ClusterRules.CheckZones(clusters[i], vpc.AvailabilityZones.Count, FieldOf(i));
        }

        ClusterRules.CheckTogether(clusters, FieldOf);
        return new PlatformConfig(region, network.Name!, vpc, clusters, stateStore);
    }
}
