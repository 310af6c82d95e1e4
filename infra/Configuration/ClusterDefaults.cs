using KopsPlatform.Kops;

namespace KopsPlatform.Infra.Configuration;

/// <summary>The cluster settings whose default depends on what the stack already runs.</summary>
public static class ClusterDefaults
{
    /// <summary>IRSA: on for a new cluster; for an existing one, what its last up recorded (off before the record).</summary>
    public static PlatformConfig Resolve(PlatformConfig config, PreviousDeployment previous) => config with
    {
        Clusters =
        [
            .. config.Clusters.Select(cluster => cluster with
            {
                Irsa = cluster.Irsa ?? (previous.ClusterNames.Contains(cluster.Name)
                    ? previous.Clusters.GetValueOrDefault(cluster.Name)?.Irsa ?? false
                    : true),
            }),
        ],
    };
}
