namespace KopsPlatform.Kops.Spec;

/// <summary>The parts of a Cluster spec that come from the team's feature switches rather than from the network.</summary>
public static class ClusterFeatures
{
    public const string AuditLogPath = "/var/log/kube-apiserver-audit.log";
    public const string AuditPolicyPath = "/srv/kubernetes/kube-apiserver/audit-policy.yaml";

    /// <summary>
    /// Metadata only (who did what to which object, never a Secret's or ConfigMap's content), without the noise of
    /// kube-proxy's watches and health probes, and without the RequestReceived stage that doubles every entry.
    /// </summary>
    public const string AuditPolicy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages:
          - RequestReceived
        rules:
          - level: None
            users: ["system:kube-proxy"]
            verbs: ["watch"]
          - level: None
            nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version"]
          - level: Metadata

        """;

    /// <param name="networkTags">The network's tags: the cluster's own tags override them key by key.</param>
    /// <param name="discoveryStore">The public bucket for IRSA's discovery documents, <c>s3://bucket</c>.</param>
    /// <param name="field">How the caller names the inputs in errors.</param>
    public static ClusterSpec Apply(
        ClusterSpec spec,
        ClusterSettings cluster,
        IReadOnlyDictionary<string, string>? networkTags,
        IReadOnlyList<WorkerGroup> workerGroups,
        string? discoveryStore,
        string field)
    {
        var addons = cluster.Addons;
        var cloudLabels = (networkTags ?? new Dictionary<string, string>())
            .Where(tag => !cluster.Tags.ContainsKey(tag.Key))
            .Concat(cluster.Tags);
        var irsa = cluster.Irsa == true;
        var autoscaled = workerGroups.Any(group => group.Settings.Max > group.Settings.Min);
        return spec with
        {
            AwsLoadBalancerController = addons.AwsLoadBalancerController ? new AddonSpec(true) : null,
            CertManager = addons.CertManager ? new AddonSpec(true) : null,
            CloudLabels = cloudLabels.Any() ? KopsSpecRenderer.Sorted(cloudLabels) : null,
            ClusterAutoscaler = autoscaled
                ? new ClusterAutoscalerSpec { BalanceSimilarNodeGroups = workerGroups.Any(group => group.Settings.PerZone) ? true : null }
                : null,
            FileAssets = cluster.AuditLogging
                ? [new FileAssetSpec(AuditPolicy, "audit-policy", AuditPolicyPath, ["ControlPlane"])]
                : null,
            Iam = new IamSpec { UseServiceAccountExternalPermissions = irsa ? true : null },
            KubeApiServer = cluster.AuditLogging
                ? new KubeApiServerSpec
                {
                    AuditLogMaxAge = 10,
                    AuditLogMaxBackups = 1,
                    AuditLogMaxSize = 100,
                    AuditLogPath = AuditLogPath,
                    AuditPolicyFile = AuditPolicyPath,
                }
                : null,
            MetricsServer = addons.MetricsServer ? new MetricsServerSpec() : null,
            NodeTerminationHandler = addons.NodeTerminationHandler
                ? new NodeTerminationHandlerSpec { Enabled = true, EnableSqsTerminationDraining = true }
                : new NodeTerminationHandlerSpec { Enabled = false },
            ServiceAccountIssuerDiscovery = irsa
                ? new ServiceAccountIssuerDiscoverySpec
                {
                    DiscoveryStore = $"{(discoveryStore ?? throw new InvalidInputException(
                        $"{field}.discoveryStore",
                        $"IRSA is on for {cluster.Name}, and its discovery documents need a publicly readable bucket",
                        "Pass the bucket (s3://bucket) that a DiscoveryStore component creates, or turn irsa off.")).TrimEnd('/')}/{cluster.Name}",
                }
                : null,
        };
    }
}
