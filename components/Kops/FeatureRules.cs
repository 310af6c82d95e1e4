namespace KopsPlatform.Kops;

/// <summary>The checks on a cluster's tags and add-on switches, named by the key that holds them.</summary>
public static class FeatureRules
{
    /// <summary>kops's own tags (validateCloudLabels): it refuses a spec that sets them.</summary>
    private static readonly string[] KopsTagKeys = ["Name", "KubernetesCluster"];

    private const string ClusterTagPrefix = "kubernetes.io/cluster/";

    /// <summary>AWS keeps the prefix for its own tags and refuses it in requests.</summary>
    private const string AwsTagPrefix = "aws:";

    private const int MaxTagKeyLength = 128;
    private const int MaxTagValueLength = 256;

    public static void Check(ClusterSettings cluster, string field)
    {
        CheckCloudLabels(cluster.Tags, $"{field}.tags");

        var addons = cluster.Addons;
        var addonsField = $"{field}.addons";
        if (addons.MetricsServer && !addons.CertManager)
        {
            throw new InvalidInputException(
                $"{addonsField}.metricsServer",
                $"the metrics server is served securely, with a certificate from cert-manager, but {addonsField}.certManager is off",
                $"Turn {addonsField}.certManager on, or {addonsField}.metricsServer off.");
        }

        if (addons.AwsLoadBalancerController && !addons.CertManager)
        {
            throw new InvalidInputException(
                $"{addonsField}.awsLoadBalancerController",
                $"the AWS Load Balancer Controller's webhook needs a certificate from cert-manager, but {addonsField}.certManager is off",
                $"Turn {addonsField}.certManager on, or {addonsField}.awsLoadBalancerController off.");
        }
    }

    /// <summary>Tags that become <c>spec.cloudLabels</c>: neither kops's nor AWS's reserved keys, within AWS's lengths.</summary>
    public static void CheckCloudLabels(IReadOnlyDictionary<string, string> tags, string field)
    {
        CheckAwsPrefix(tags, field);
        foreach (var (key, value) in tags)
        {
            if (KopsTagKeys.Contains(key) || key.StartsWith(ClusterTagPrefix, StringComparison.Ordinal))
            {
                throw new InvalidInputException(
                    field,
                    $"'{key}' is a tag kops sets itself on the cluster's resources, and it refuses the spec that sets it",
                    "Remove the tag, or rename it (e.g. team, cost-centre).");
            }

            if (key.Length is 0 or > MaxTagKeyLength || value.Length > MaxTagValueLength)
            {
                throw new InvalidInputException(
                    field,
                    key.Length == 0 ? "a tag has an empty key" : $"tag '{key[..Math.Min(key.Length, 40)]}' is longer than AWS allows",
                    $"Keep keys to 1-{MaxTagKeyLength} characters and values to at most {MaxTagValueLength}.");
            }
        }
    }

    /// <summary>Any AWS tags: AWS keeps the <c>aws:</c> prefix for its own and refuses it in requests.</summary>
    public static void CheckAwsPrefix(IReadOnlyDictionary<string, string> tags, string field)
    {
        if (tags.Keys.FirstOrDefault(key => key.StartsWith(AwsTagPrefix, StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw new InvalidInputException(
                field, $"'{reserved}' starts with aws:, a prefix AWS keeps for its own tags and refuses in requests", "Rename the tag, e.g. without the aws: prefix.");
        }
    }
}
