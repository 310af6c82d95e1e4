using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using KopsPlatform.Infra.Configuration;
using KopsPlatform.Kops;
using KopsPlatform.Network;
using KopsPlatform.Platform;
using Pulumi;
using Aws = Pulumi.Aws;

namespace KopsPlatform.Infra;

/// <summary>
/// The kops-platform program: reads the stack's config, composes the components, exports the outputs named in
/// <see cref="PlatformOutputs"/>. A stack owns its VPC, or (with <c>kops-platform:networkStack</c>) reads the VPC
/// of the stack that owns it and creates only its clusters; either way it exports the network it runs on.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A Pulumi Stack; the name is a contract.")]
public sealed class PlatformStack : Stack
{
    [Output(PlatformOutputs.VpcId)] public Output<string> VpcId { get; private set; } = null!;
    [Output(PlatformOutputs.VpcCidr)] public Output<string> VpcCidr { get; private set; } = null!;
    [Output(PlatformOutputs.AvailabilityZones)] public Output<ImmutableArray<string>> AvailabilityZones { get; private set; } = null!;
    [Output(PlatformOutputs.AdminSubnetIds)] public Output<ImmutableArray<string>> AdminSubnetIds { get; private set; } = null!;
    [Output(PlatformOutputs.PublicSubnetIds)] public Output<ImmutableArray<string>> PublicSubnetIds { get; private set; } = null!;
    [Output(PlatformOutputs.PrivateProdSubnetIds)] public Output<ImmutableArray<string>> PrivateProdSubnetIds { get; private set; } = null!;
    [Output(PlatformOutputs.PrivateWorkingSubnetIds)] public Output<ImmutableArray<string>> PrivateWorkingSubnetIds { get; private set; } = null!;
    [Output(PlatformOutputs.NatGatewayIds)] public Output<ImmutableArray<string>> NatGatewayIds { get; private set; } = null!;
    [Output(PlatformOutputs.PublicRouteTableId)] public Output<string> PublicRouteTableId { get; private set; } = null!;
    [Output(PlatformOutputs.PrivateRouteTableIds)] public Output<ImmutableArray<string>> PrivateRouteTableIds { get; private set; } = null!;
    [Output(PlatformOutputs.InternetGatewayId)] public Output<string> InternetGatewayId { get; private set; } = null!;
    [Output(PlatformOutputs.ClusterCidr)] public Output<string> ClusterCidr { get; private set; } = null!;

    /// <summary>The VPC's S3 gateway endpoint; null (so absent) without one.</summary>
    [Output(PlatformOutputs.S3EndpointId)] public Output<string?> S3EndpointId { get; private set; } = null!;

    /// <summary>Each cluster's rendered kops spec, by cluster name: what a pull request's preview shows changing.</summary>
    [Output(PlatformOutputs.KopsSpecs)] public Output<ImmutableDictionary<string, string>> KopsSpecs { get; private set; } = null!;

    /// <summary>
    /// An admin kubeconfig per cluster name, minted after each cluster's last apply; secret, and only with
    /// <c>kops-platform:exportAdminKubeconfig</c> (null, so absent, otherwise).
    /// </summary>
    [Output(PlatformOutputs.Kubeconfigs)] public Output<ImmutableDictionary<string, string>?> Kubeconfigs { get; private set; } = null!;

    /// <summary>A kubeconfig per cluster name with the API server and CA and no credential.</summary>
    [Output(PlatformOutputs.ClusterKubeconfigs)] public Output<ImmutableDictionary<string, string>> ClusterKubeconfigs { get; private set; } = null!;

    /// <summary>Per cluster name, the command that mints a 1-hour admin kubeconfig for whoever can read the state store.</summary>
    [Output(PlatformOutputs.KubeconfigCommands)] public Output<ImmutableDictionary<string, string>> KubeconfigCommands { get; private set; } = null!;

    /// <summary>
    /// Per cluster name, in a preview, the summary of kops's plan: <c>status</c> (planned, unavailable, not-run), the
    /// counts of <c>creates</c>, <c>modifies</c> and <c>deletes</c>, and <c>rollNeeded</c>.
    /// </summary>
    [Output(PlatformOutputs.KopsPlans)] public Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>> KopsPlans { get; private set; } = null!;

    /// <summary>Per cluster name, the apply's state-store drift-repair term; the next run keeps it while the store holds what was applied.</summary>
    [Output(PlatformOutputs.DriftRepairs)] public Output<ImmutableDictionary<string, string>> DriftRepairs { get; private set; } = null!;

    /// <summary>The kops state store, <c>s3://bucket</c>; null (so absent from the stack) in a network-only stack.</summary>
    [Output(PlatformOutputs.StateStore)] public Output<string?> StateStore { get; private set; } = null!;

    /// <summary>Whether the stack created the state store; null in a network-only stack.</summary>
    [Output(PlatformOutputs.StateStoreCreated)] public Output<bool?> StateStoreCreated { get; private set; } = null!;

    /// <summary>The IRSA discovery bucket, <c>s3://bucket</c>; null (so absent) when no cluster uses IRSA.</summary>
    [Output(PlatformOutputs.DiscoveryStore)] public Output<string?> DiscoveryStore { get; private set; } = null!;

    /// <summary>The network's tags, which its clusters' resources carry too (<c>spec.cloudLabels</c>).</summary>
    [Output(PlatformOutputs.NetworkTags)] public Output<ImmutableDictionary<string, string>> NetworkTags { get; private set; } = null!;

    /// <summary>The network's name; null when a network stack from before this output is read.</summary>
    [Output(PlatformOutputs.NetworkName)] public Output<string?> NetworkName { get; private set; } = null!;

    /// <summary>What the next run checks each cluster's changes against (<see cref="ClusterRecord"/>), by cluster name.</summary>
    [Output(PlatformOutputs.Clusters)] public Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>> Clusters { get; private set; } = null!;

    public PlatformStack()
    {
        var loaded = InputErrors.Surface(PlatformConfig.Load);
        var previous = PreviousDeployment.Load();
        var config = ClusterDefaults.Resolve(loaded, previous);
        InputErrors.Surface(() => ChangeRules.Check(config, previous));

        var reference = config.NetworkStack is { } networkStack ? new PlatformStackReference(networkStack) : null;
        IPlatformNetwork network = reference ?? (IPlatformNetwork)new Vpc(config.NetworkName!, config.Vpc!);
        NetworkName = reference?.NetworkName ?? Output.Create(config.NetworkName);
        NetworkTags = reference?.NetworkTags ?? Output.Create(config.NetworkTags.ToImmutableDictionary());
        Clusters = Output.Create(config.Clusters.ToImmutableDictionary(cluster => cluster.Name, cluster => ClusterRecord.Of(cluster).ToOutput()));
        VpcId = network.VpcId;
        VpcCidr = network.VpcCidr;
        AvailabilityZones = network.AvailabilityZones;
        AdminSubnetIds = network.AdminSubnetIds;
        PublicSubnetIds = network.PublicSubnetIds;
        PrivateProdSubnetIds = network.PrivateProdSubnetIds;
        PrivateWorkingSubnetIds = network.PrivateWorkingSubnetIds;
        NatGatewayIds = network.NatGatewayIds;
        PublicRouteTableId = network.PublicRouteTableId;
        PrivateRouteTableIds = network.PrivateRouteTableIds;
        InternetGatewayId = network.InternetGatewayId;
        ClusterCidr = network.ClusterCidr;
        S3EndpointId = network.S3EndpointId;

        // The store's name and logical name outlive the stack's name: kops wrote the name into every cluster. A
        // network-only stack has none, unless stateStore.withoutClusters asks for it.
        var hasStateStore = config.Clusters.Count > 0 || config.StateStore.WithoutClusters;
        var stateStore = hasStateStore ? new KopsStateStore("kops-state", new KopsStateStoreArgs
        {
            ExistingBucket = config.StateStore.Bucket,
            BucketName = config.StateStore.Bucket is null ? StateStoreBucketName(config, previous, NetworkName) : (Input<string>?)null,
            Protect = config.Protect || config.StateStore.Protect,
            RequireTls = config.StateStore.RequireTls,
            Tags = config.Vpc?.Tags ?? [],
        }, new ComponentResourceOptions { Aliases = { new Alias { Name = $"{Deployment.Instance.StackName}-kops-state" } } }) : null;
        StateStore = stateStore?.StateStore.Apply(store => (string?)store) ?? Output.Create((string?)null);
        StateStoreCreated = Output.Create(stateStore is null ? null : (bool?)(config.StateStore.Bucket is null));

        if (stateStore is null || config.Clusters.Count == 0)
        {
            KopsSpecs = Output.Create(ImmutableDictionary<string, string>.Empty);
            Kubeconfigs = Output.Create((ImmutableDictionary<string, string>?)null);
            ClusterKubeconfigs = Output.Create(ImmutableDictionary<string, string>.Empty);
            KubeconfigCommands = Output.Create(ImmutableDictionary<string, string>.Empty);
            DriftRepairs = Output.Create(ImmutableDictionary<string, string>.Empty);
            KopsPlans = Output.Create(ImmutableDictionary<string, ImmutableDictionary<string, object>>.Empty);
            DiscoveryStore = Output.Create((string?)null);
            return;
        }

        // One public bucket serves every IRSA cluster of the stack, each under its own name.
        var discovery = config.Clusters.Any(cluster => cluster.Irsa == true)
            ? new DiscoveryStore("oidc-discovery", new DiscoveryStoreArgs
            {
                BucketName = previous.DiscoveryStore is { } store
                    ? store["s3://".Length..]
                    : DerivedBucketName(config, NetworkName, StateStoreName.DiscoveryPrefix),
                Protect = config.Protect || config.StateStore.Protect,
                Tags = config.Vpc?.Tags ?? [],
            })
            : null;
        DiscoveryStore = discovery?.Store.Apply(store => (string?)store) ?? Output.Create((string?)null);

        // A network read from another stack is only known once read: its zones and block are checked against the clusters then.
        var zones = config.NetworkStack is null
            ? network.AvailabilityZones
            : Output.Tuple(network.AvailabilityZones, network.VpcCidr).Apply(read => InputErrors.Surface(() =>
            {
                var checkedZones = config.CheckZones(read.Item1);
                config.CheckAddresses(read.Item2, checkedZones);
                return checkedZones.ToImmutableArray();
            }));
        var s3Endpoint = ClustersS3Endpoint.Of(config, network);
        var clusters = config.Clusters.Select(settings => new KopsCluster(settings.Name, new KopsClusterArgs
        {
            Settings = settings,
            KopsVersion = config.KopsVersion,
            Protect = config.Protect,
            ExportAdminKubeconfig = config.ExportAdminKubeconfig,
            Plan = config.KopsDriftCheck ? KopsPlanMode.Required : config.KopsPlan,
            AppliedSpec = previous.Specs.GetValueOrDefault(settings.Name),
            PreviousDriftRepair = previous.DriftRepairs.GetValueOrDefault(settings.Name),
            StateStore = stateStore.StateStore,
            DiscoveryStore = settings.Irsa == true ? (Input<string>)discovery!.Store : null,
            NetworkTags = NetworkTags,
            Region = config.Region,
            VpcId = network.VpcId,
            VpcCidr = network.VpcCidr,
            ClusterCidr = network.ClusterCidr,
            AvailabilityZones = zones,
            NatGatewayIds = network.NatGatewayIds,
            S3Endpoint = s3Endpoint,
        }, new ComponentResourceOptions { DependsOn = DependenciesOf((Resource)network, stateStore, discovery) })).ToList();

        KopsSpecs = ByClusterName(config, clusters.Select(cluster => cluster.Spec));
        Kubeconfigs = config.ExportAdminKubeconfig
            ? Output.CreateSecret(ByClusterName(config, clusters.Select(cluster => cluster.Kubeconfig.Apply(kubeconfig => kubeconfig!))))
                .Apply(kubeconfigs => (ImmutableDictionary<string, string>?)kubeconfigs)
            : Output.Create((ImmutableDictionary<string, string>?)null);
        ClusterKubeconfigs = ByClusterName(config, clusters.Select(cluster => cluster.ClientKubeconfig));
        KubeconfigCommands = ByClusterName(config, clusters.Select(cluster => cluster.KubeconfigCommand));
        DriftRepairs = ByClusterName(config, clusters.Select(cluster => cluster.DriftRepair));
        KopsPlans = ByClusterName(config, clusters.Select(cluster => cluster.Plan.Apply(plan =>
        {
            if (KopsPlanPolicy.Error(cluster.GetResourceName(), plan, config.KopsPlan, config.KopsDriftCheck) is { } error)
            {
                Log.Error(error, cluster);
            }

            return plan.ToOutput();
        })));

        // A VPC still to be created has no ids yet, so neither has the spec, and kops can't plan it.
        if (Deployment.Instance.IsDryRun && config.KopsPlan != KopsPlanMode.Off && config.NetworkStack is null && previous.VpcCidr is null)
        {
            foreach (var cluster in clusters)
            {
                Log.Info($"kops plan of {cluster.GetResourceName()} waits for the VPC: it runs in the first preview after the VPC is created", cluster);
            }
        }
    }

    /// <summary>
    /// The bucket the stack creates: the configured name; else the one it created before (stacks from before names
    /// were derived keep their generated one); else one derived from the network, the account and the region.
    /// </summary>
    private static Output<string> StateStoreBucketName(PlatformConfig config, PreviousDeployment previous, Output<string?> networkName)
    {
        if (config.StateStore.Name is { } configured)
        {
            return Output.Create(configured);
        }

        if (previous.StateStore is { } store && previous.StateStoreCreated != false)
        {
            return Output.Create(store["s3://".Length..]);
        }

        return DerivedBucketName(config, networkName, StateStoreName.StatePrefix);
    }

    /// <summary>A bucket named after the network, the account and the region (<see cref="StateStoreName.Derive"/>).</summary>
    private static Output<string> DerivedBucketName(PlatformConfig config, Output<string?> networkName, string prefix)
    {
        var account = Aws.GetCallerIdentity.Invoke();
        return Output.Tuple(networkName, account).Apply(values => StateStoreName.Derive(
            values.Item1 ?? throw new RunException(
                $"{ConfigReader.KeyOf(StateStoreConfig.Key)}: {config.NetworkStack} exports no {PlatformOutputs.NetworkName} to name a new bucket after. "
                + $"Run pulumi up on {config.NetworkStack} with this kops-platform version first, or set {ConfigReader.KeyOf(StateStoreConfig.Key, "name")}."),
            values.Item2.AccountId,
            config.Region,
            prefix));
    }

    private static InputList<Resource> DependenciesOf(params Resource?[] resources) => [.. resources.OfType<Resource>()];

    private static Output<ImmutableDictionary<string, T>> ByClusterName<T>(PlatformConfig config, IEnumerable<Output<T>> values) =>
        Output.All(values).Apply(all => config.Clusters.Zip(all).ToImmutableDictionary(pair => pair.First.Name, pair => pair.Second));
}
