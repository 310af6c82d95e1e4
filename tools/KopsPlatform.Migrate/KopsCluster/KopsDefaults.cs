using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>
/// What kops fills into a stored spec itself, and reads the same whether it is there or not: the program leaves it
/// out, and kops fills in the same again at every update, so a difference there changes nothing. Each rule names
/// where in kops 1.36.2 the value comes from; the diff file's header lists them.
/// </summary>
public static partial class KopsDefaults
{
    /// <param name="Fields">The fields, as the diff file's header names them.</param>
    /// <param name="Same">Whether the stored and the rendered value (null: unset) mean the same to kops.</param>
    /// <param name="Why">Why, for the header.</param>
    public sealed record Rule(string Kind, string Fields, Regex Path, Func<YamlNode?, YamlNode?, YamlMappingNode, bool> Same, string Why);

    public static IReadOnlyList<Rule> Rules { get; } =
    [
        new("Cluster", "metadata (creationTimestamp, generation…), but the name", ClusterMetadata(), (_, _, _) => true,
            "kops's bookkeeping; the program writes the name alone"),
        new("Cluster", "spec.channel: stable", Regex("^spec\\.channel$"), Unset("stable"),
            "kops's default channel, which the program leaves out"),
        new("Cluster", "spec.kubernetesVersion: v1.X.Y against 1.X.Y", Regex("^spec\\.kubernetesVersion$"), SameVersion,
            "the same version, written with or without the v"),
        new("Cluster", "spec.masterPublicName: api.NAME", Regex("^spec\\.masterPublicName$"), (s, r, d) => Unset($"api.{StoredSpec.Text(d, "metadata", "name")}")(s, r, d),
            "kops fills it in for a public DNS topology whenever it loads the cluster (PerformAssignments, upup/pkg/fi/cloudup/defaults.go)"),
        new("Cluster", "spec.etcdClusters[*].manager.backupRetentionDays: 90", Regex(@"^spec\.etcdClusters\[[^\]]+\]\.manager\.backupRetentionDays$"), Unset("90"),
            "kops fills it in whenever it loads the cluster (PerformAssignments, upup/pkg/fi/cloudup/defaults.go)"),
        new("Cluster", "spec.etcdClusters[*].cpuRequest: 200m", Regex(@"^spec\.etcdClusters\[[^\]]+\]\.cpuRequest$"), Unset("200m"),
            "etcd-manager's request when none is set (pkg/model/components/etcdmanager/model.go)"),
        new("Cluster", "spec.etcdClusters[*].memoryRequest: 100Mi", Regex(@"^spec\.etcdClusters\[[^\]]+\]\.memoryRequest$"), Unset("100Mi"),
            "etcd-manager's request when none is set (pkg/model/components/etcdmanager/model.go)"),
        new("Cluster", "spec.nonMasqueradeCIDR: 100.64.0.0/10", Regex("^spec\\.nonMasqueradeCIDR$"), Unset("100.64.0.0/10"),
            "kops's default (PerformAssignments)"),
        new("Cluster", "spec.nodeTerminationHandler.enabled, .enableSQSTerminationDraining: true", Regex(@"^spec\.nodeTerminationHandler\.(enabled|enableSQSTerminationDraining)$"), Unset("true"),
            "kops runs the handler, in queue mode, unless told otherwise (pkg/model/components/nodeterminationhandler.go, IsQueueMode)"),
        new("Cluster", "spec.iam.allowContainerRegistry, spec.iam.legacy: false", Regex(@"^spec\.iam\.(allowContainerRegistry|legacy)$"), Unset("false"),
            "kops prints false as unset"),
        new("Cluster", "spec.certManager, awsLoadBalancerController, metricsServer, clusterAutoscaler .enabled: false; spec.encryptionConfig: false",
            Regex(@"^spec\.((certManager|awsLoadBalancerController|metricsServer|clusterAutoscaler)\.enabled|encryptionConfig)$"), Unset("false"),
            "off is kops's default, and the program leaves out what is off"),
        new("Cluster", "spec.topology.dns.type: Public", Regex(@"^spec\.topology\.dns\.type$"), Unset("Public"),
            "kops.k8s.io/v1alpha2's default (pkg/apis/kops/v1alpha2/defaults.go)"),
        new("Cluster", "spec.topology.masters, spec.topology.nodes", Regex(@"^spec\.topology\.(masters|nodes)$"), (_, _, _) => true,
            "not used by kops 1.36 (pkg/apis/kops/v1alpha2/topology.go)"),
        new("InstanceGroup", "metadata (creationTimestamp, generation…), but the name and the kops.k8s.io/cluster label", GroupMetadata(), (_, _, _) => true,
            "kops's bookkeeping; the program writes the name and the label alone"),
        new("InstanceGroup", "spec.role: Master against ControlPlane", Regex("^spec\\.role$"),
            (s, r, _) => (Value(s), Value(r)) is ("Master", "ControlPlane") or ("ControlPlane", "Master"),
            "the same role: kops.k8s.io/v1alpha2 still prints a control plane's as Master"),
        new("InstanceGroup", "spec.instanceMetadata.httpPutResponseHopLimit: 1", Regex(@"^spec\.instanceMetadata\.httpPutResponseHopLimit$"), Unset("1"),
            "the launch template's default in kops 1.36 (pkg/model/awsmodel/autoscalinggroup.go)"),
        new("InstanceGroup", "spec.instanceMetadata.httpTokens: required", Regex(@"^spec\.instanceMetadata\.httpTokens$"), Unset("required"),
            "the launch template's default in kops 1.36 (pkg/model/awsmodel/autoscalinggroup.go)"),
        new("InstanceGroup", "spec.minSize, spec.maxSize: 1 for a control-plane group, 2 for a Node group", Regex(@"^spec\.(minSize|maxSize)$"),
            (s, r, d) => Unset(StoredSpec.Text(d, "spec", "role") == "Node" ? "2" : "1")(s, r, d),
            "kops's sizes for a group that gives none (upup/pkg/fi/cloudup/populate_instancegroup_spec.go)"),
        new("InstanceGroup", "spec.mixedInstancesPolicy.onDemandBase: 0", Regex(@"^spec\.mixedInstancesPolicy\.onDemandBase$"), Unset("0"),
            "AWS's default, which kops passes on when the policy gives none"),
        new("InstanceGroup", "spec.mixedInstancesPolicy.onDemandAboveBase: 100", Regex(@"^spec\.mixedInstancesPolicy\.onDemandAboveBase$"), Unset("100"),
            "AWS's default, which kops passes on when the policy gives none"),
    ];

    public static bool Ignores(string kind, string path, YamlNode? stored, YamlNode? rendered, YamlMappingNode storedDocument) =>
        Rules.Any(rule => rule.Kind == kind && rule.Path.IsMatch(path) && rule.Same(stored, rendered, storedDocument));

    /// <summary>One side unset and the other the default.</summary>
    private static Func<YamlNode?, YamlNode?, YamlMappingNode, bool> Unset(string value) =>
        (stored, rendered, _) => (stored is null && Value(rendered) == value) || (rendered is null && Value(stored) == value);

    private static bool SameVersion(YamlNode? stored, YamlNode? rendered, YamlMappingNode document) =>
        Value(stored) is { } a && Value(rendered) is { } b && a.TrimStart('v') == b.TrimStart('v');

    private static string? Value(YamlNode? node) => (node as YamlScalarNode)?.Value;

    private static Regex Regex(string pattern) => new(pattern, RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^metadata\.(?!name$)")]
    private static partial Regex ClusterMetadata();

    [GeneratedRegex(@"^metadata\.(?!name$|labels\[""kops\.k8s\.io/cluster""\]$)")]
    private static partial Regex GroupMetadata();
}
