using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Kops;

/// <summary>
/// One of kops's private route tables: a cluster's table for one zone, which kops creates at the first apply that has
/// the zone's Private subnet, tagged <c>Name=private-&lt;zone&gt;.&lt;cluster&gt;</c> and <c>KubernetesCluster=&lt;cluster&gt;</c>.
/// </summary>
/// <param name="Exists">
/// Whether the spec the last successful up applied had the zone's Private subnet, so the table is there before this
/// run's apply: its lookup can run at once, in previews too. Otherwise the lookup waits for the apply.
/// </param>
public sealed record KopsRouteTable(string Cluster, string Zone, bool Exists)
{
    /// <summary>kops's <c>Name</c> tag of the table.</summary>
    public string NameTag => $"private-{Zone}.{Cluster}";

    /// <summary>The logical name of the table's S3 endpoint association: stable per cluster and zone.</summary>
    public string S3AssociationName => $"{Cluster}-s3-{Zone}";
}

/// <summary>
/// Which of a cluster's private route tables exist already, as far as the stack knows without asking AWS: those of the
/// zones whose Private subnet was in the spec the last successful up applied (kops made them then). A table kops has
/// yet to make is looked up only after the apply, and a lookup of one that exists must not wait for it: the apply is
/// replaced on every spec change, so its outputs are unknown in such a preview, and a route table id read through
/// them would show every existing association as replaced.
/// </summary>
public static class KopsRouteTables
{
    /// <summary>The cluster's tables in the zones of its subnets, in zone order.</summary>
    /// <param name="appliedSpec">The spec the last successful up applied (the previous <c>kopsSpecs</c> entry); null for a new cluster.</param>
    public static IReadOnlyList<KopsRouteTable> Of(string cluster, IReadOnlyList<string> zones, string? appliedSpec)
    {
        var existing = PrivateZones(appliedSpec);
        return [.. zones.Select(zone => new KopsRouteTable(cluster, zone, existing.Contains(zone)))];
    }

    /// <summary>
    /// The zones of the Private subnets of a spec's Cluster document. A spec that can't be read gives none: every lookup
    /// then waits for the apply, which is always right, only noisier in a preview.
    /// </summary>
    public static IReadOnlySet<string> PrivateZones(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return new HashSet<string>();
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(spec));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return new HashSet<string>();
        }

        return stream.Documents
            .Select(document => document.RootNode)
            .OfType<YamlMappingNode>()
            .Where(root => Scalar(root, "kind") == "Cluster")
            .Select(root => Child(root, "spec"))
            .Select(clusterSpec => clusterSpec is not null && clusterSpec.Children.TryGetValue("subnets", out var subnets) ? subnets as YamlSequenceNode : null)
            .SelectMany(subnets => subnets?.Children.OfType<YamlMappingNode>() ?? [])
            .Where(subnet => Scalar(subnet, "type") == "Private")
            .Select(subnet => Scalar(subnet, "zone"))
            .OfType<string>()
            .ToHashSet();
    }

    private static YamlMappingNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var value) ? (value as YamlScalarNode)?.Value : null;
}
