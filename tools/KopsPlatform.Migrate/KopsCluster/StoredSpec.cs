using KopsPlatform.Kops.Spec;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>
/// What the state store holds for one cluster, as <c>kops get cluster NAME -o yaml</c> and <c>kops get instancegroups
/// --name NAME -o yaml</c> print it (kops.k8s.io/v1alpha2): the Cluster document, then its InstanceGroups.
/// </summary>
public sealed record StoredSpec(YamlMappingNode Cluster, IReadOnlyList<YamlMappingNode> InstanceGroups)
{
    public string Name => Text(Cluster, "metadata", "name")!;

    public YamlMappingNode ClusterSpec => Map(Cluster, "spec") ?? new YamlMappingNode();

    /// <param name="clusterFile">The file named by --cluster-yaml, for messages.</param>
    /// <param name="groupsFile">The file named by --instancegroups-yaml, for messages.</param>
    public static StoredSpec Parse(string clusterYaml, string clusterFile, string groupsYaml, string groupsFile)
    {
        var documents = Documents(clusterYaml, "--cluster-yaml", clusterFile, "kops get cluster NAME -o yaml");
        var clusters = documents.Where(document => Text(document, "kind") == "Cluster").ToList();
        if (clusters.Count != 1 || documents.Count != 1)
        {
            throw new MigrationException(
                $"--cluster-yaml {clusterFile} holds "
                + (clusters.Count == 0 ? "no Cluster document" : $"{documents.Count} documents")
                + ": give the output of `kops get cluster NAME -o yaml`, the one Cluster alone.");
        }

        var cluster = clusters[0];
        CheckKind(cluster, "Cluster", "--cluster-yaml", clusterFile, "kops get cluster NAME -o yaml");
        var name = Text(cluster, "metadata", "name")
            ?? throw new MigrationException($"--cluster-yaml {clusterFile}: the Cluster has no metadata.name.");

        var groups = Documents(groupsYaml, "--instancegroups-yaml", groupsFile, $"kops get instancegroups --name {name} -o yaml");
        if (groups.Count == 0)
        {
            throw new MigrationException(
                $"--instancegroups-yaml {groupsFile} holds no InstanceGroup: give the output of `kops get instancegroups --name {name} -o yaml`.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            CheckKind(group, "InstanceGroup", "--instancegroups-yaml", groupsFile, $"kops get instancegroups --name {name} -o yaml");
            var groupName = Text(group, "metadata", "name")
                ?? throw new MigrationException($"--instancegroups-yaml {groupsFile}: an InstanceGroup has no metadata.name.");
            var owner = Text(group, "metadata", "labels", KopsSpecRenderer.ClusterLabel);
            if (owner != name)
            {
                throw new MigrationException(
                    $"--instancegroups-yaml {groupsFile}: InstanceGroup {groupName} belongs to "
                    + (owner is null ? $"no cluster (it has no {KopsSpecRenderer.ClusterLabel} label)" : $"cluster {owner} ({KopsSpecRenderer.ClusterLabel})")
                    + $", not {name}: give the output of `kops get instancegroups --name {name} -o yaml`.");
            }

            if (!names.Add(groupName))
            {
                throw new MigrationException($"--instancegroups-yaml {groupsFile}: InstanceGroup {groupName} is listed twice.");
            }
        }

        return new StoredSpec(cluster, groups);
    }

    /// <summary>The scalar at the path of map keys, or null.</summary>
    public static string? Text(YamlNode? node, params string[] path) => At(node, path) is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlMappingNode? Map(YamlNode? node, params string[] path) => At(node, path) as YamlMappingNode;

    public static IReadOnlyList<YamlNode> List(YamlNode? node, params string[] path) =>
        At(node, path) is YamlSequenceNode list ? [.. list.Children] : [];

    /// <summary>The node at the path of map keys, or null.</summary>
    public static YamlNode? At(YamlNode? node, IEnumerable<string> path)
    {
        foreach (var key in path)
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return node;
    }

    private static List<YamlMappingNode> Documents(string yaml, string option, string file, string howToWrite)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new MigrationException($"{option} {file} is not YAML (line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}): give the output of `{howToWrite}`.");
        }

        var documents = new List<YamlMappingNode>();
        foreach (var root in stream.Documents.Select(document => document.RootNode))
        {
            switch (root)
            {
                case YamlMappingNode map:
                    documents.Add(map);
                    break;
                case YamlScalarNode { Value: null or "" }:
                    break; // an empty document, e.g. after a trailing ---
                default:
                    throw new MigrationException($"{option} {file} holds a document that is no kops object: give the output of `{howToWrite}`.");
            }
        }

        return documents;
    }

    private static void CheckKind(YamlMappingNode document, string kind, string option, string file, string howToWrite)
    {
        var found = Text(document, "kind");
        var apiVersion = Text(document, "apiVersion");
        if (found != kind)
        {
            throw new MigrationException(
                $"{option} {file} holds {(found is null ? "a document without a kind" : $"a document of kind {found}")} where only {kind}s belong: give the output of `{howToWrite}`.");
        }

        if (apiVersion != KopsSpecRenderer.ApiVersion)
        {
            throw new MigrationException(
                $"{option} {file}: the {kind} is {apiVersion ?? "of no apiVersion"}, and this tool reads {KopsSpecRenderer.ApiVersion}, what `{howToWrite}` prints.");
        }
    }
}
