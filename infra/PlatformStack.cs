using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using KopsPlatform.Infra.Configuration;
using KopsPlatform.Kops;
using KopsPlatform.Network;
using Pulumi;

namespace KopsPlatform.Infra;

/// <summary>The kops-platform program: reads the stack's config, composes the components, exports the outputs.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A Pulumi Stack; the name is a contract.")]
public sealed class PlatformStack : Stack
{
    [Output("vpcId")] public Output<string> VpcId { get; private set; } = null!;
    [Output("vpcCidr")] public Output<string> VpcCidr { get; private set; } = null!;
    [Output("availabilityZones")] public Output<ImmutableArray<string>> AvailabilityZones { get; private set; } = null!;
    [Output("adminSubnetIds")] public Output<ImmutableArray<string>> AdminSubnetIds { get; private set; } = null!;
    [Output("publicSubnetIds")] public Output<ImmutableArray<string>> PublicSubnetIds { get; private set; } = null!;
    [Output("privateProdSubnetIds")] public Output<ImmutableArray<string>> PrivateProdSubnetIds { get; private set; } = null!;
    [Output("privateWorkingSubnetIds")] public Output<ImmutableArray<string>> PrivateWorkingSubnetIds { get; private set; } = null!;
    [Output("natGatewayIds")] public Output<ImmutableArray<string>> NatGatewayIds { get; private set; } = null!;
    [Output("publicRouteTableId")] public Output<string> PublicRouteTableId { get; private set; } = null!;
    [Output("privateRouteTableIds")] public Output<ImmutableArray<string>> PrivateRouteTableIds { get; private set; } = null!;
    [Output("internetGatewayId")] public Output<string> InternetGatewayId { get; private set; } = null!;
    [Output("clusterCidr")] public Output<string> ClusterCidr { get; private set; } = null!;

    /// <summary>Each cluster's rendered kops spec, by cluster name: what a pull request's preview shows changing.</summary>
    [Output("kopsSpecs")] public Output<ImmutableDictionary<string, string>> KopsSpecs { get; private set; } = null!;

    /// <summary>An admin kubeconfig per cluster name, from each cluster's last apply. Secret.</summary>
    [Output("kubeconfigs")] public Output<ImmutableDictionary<string, string>> Kubeconfigs { get; private set; } = null!;

    /// <summary>The kops state store, <c>s3://bucket</c>; null in a network-only stack.</summary>
    [Output("stateStore")] public Output<string?> StateStore { get; private set; } = null!;

    public PlatformStack()
    {
        var config = InputErrors.Surface(PlatformConfig.Load);

        var vpc = new Vpc(config.NetworkName, config.Vpc);
        VpcId = vpc.VpcId;
        VpcCidr = vpc.VpcCidr;
        AvailabilityZones = vpc.AvailabilityZones;
        AdminSubnetIds = vpc.AdminSubnetIds;
        PublicSubnetIds = vpc.PublicSubnetIds;
        PrivateProdSubnetIds = vpc.PrivateProdSubnetIds;
        PrivateWorkingSubnetIds = vpc.PrivateWorkingSubnetIds;
        NatGatewayIds = vpc.NatGatewayIds;
        PublicRouteTableId = vpc.PublicRouteTableId;
        PrivateRouteTableIds = vpc.PrivateRouteTableIds;
        InternetGatewayId = vpc.InternetGatewayId;
        ClusterCidr = vpc.ClusterCidr;

        if (config.Clusters.Count == 0)
        {
            KopsSpecs = Output.Create(ImmutableDictionary<string, string>.Empty);
            Kubeconfigs = Output.CreateSecret(ImmutableDictionary<string, string>.Empty);
            StateStore = Output.Create((string?)null);
            return;
        }

        var stateStore = new KopsStateStore($"{config.NetworkName}-kops-state", new KopsStateStoreArgs
        {
            ExistingBucket = config.StateStore.Bucket,
            Protect = config.StateStore.Protect,
            Tags = config.Vpc.Tags,
        });
        var clusters = config.Clusters.Select(settings => new KopsCluster(settings.Name, new KopsClusterArgs
        {
            Settings = settings,
            KopsVersion = config.KopsVersion,
            StateStore = stateStore.StateStore,
            Region = config.Region,
            VpcId = vpc.VpcId,
            VpcCidr = vpc.VpcCidr,
            ClusterCidr = vpc.ClusterCidr,
            AvailabilityZones = vpc.AvailabilityZones,
            NatGatewayIds = vpc.NatGatewayIds,
        }, new ComponentResourceOptions { DependsOn = { vpc, stateStore } })).ToList();

        KopsSpecs = ByClusterName(config, clusters.Select(cluster => cluster.Spec));
        Kubeconfigs = Output.CreateSecret(ByClusterName(config, clusters.Select(cluster => cluster.Kubeconfig)));
        StateStore = stateStore.StateStore.Apply(store => (string?)store);
    }

    private static Output<ImmutableDictionary<string, string>> ByClusterName(PlatformConfig config, IEnumerable<Output<string>> values) =>
        Output.All(values).Apply(all => config.Clusters.Zip(all).ToImmutableDictionary(pair => pair.First.Name, pair => pair.Second));
}
