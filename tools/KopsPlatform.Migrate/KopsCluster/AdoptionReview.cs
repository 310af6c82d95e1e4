using System.Text.Json.Nodes;
using KopsPlatform.Kops.Spec;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>A difference of the Cluster document, with the setting that decides it and whether the suggested overrides keep the stored value.</summary>
/// <param name="Owner">The setting that decides the field, as the program names it; null when specOverrides may write it.</param>
public sealed record ClusterDifference(FieldDifference Difference, string? Owner, bool Kept);

/// <summary>A difference of one InstanceGroup, which the program renders from its settings alone.</summary>
public sealed record GroupDifference(string Group, FieldDifference Difference);

/// <summary>
/// What the first apply of an adopted cluster's entry does to its stored spec: the entry rendered as the stack renders
/// it, compared with the store field by field, and the specOverrides that keep what no setting owns.
/// </summary>
public sealed record AdoptionReview(
    IReadOnlyList<ClusterDifference> Cluster,
    IReadOnlyList<GroupDifference> Groups,
    IReadOnlyList<StoredGroup> NotRendered,
    IReadOnlyList<string> Created,
    JsonObject Overrides)
{
    public int Count => Cluster.Count + Groups.Count + NotRendered.Count + Created.Count;

    public static AdoptionReview Create(StoredSpec stored, AdoptedCluster adopted)
    {
        var rendered = Render(adopted, adopted.Settings);
        var cluster = SpecComparison.Compare("Cluster", stored.Cluster, rendered[0]);
        var overrides = SuggestedOverrides.Build(cluster, stored.ClusterSpec);

        // What the overrides leave differing: by construction only what settings own, which the check below confirms.
        var residual = overrides.Count == 0
            ? cluster
            : SpecComparison.Compare("Cluster", stored.Cluster, Render(adopted, adopted.Settings with { SpecOverrides = overrides })[0]);
        bool Left(FieldDifference difference) => residual.Any(other => other.Path == difference.Path
            || other.Path.StartsWith($"{difference.Path}.", StringComparison.Ordinal) || difference.Path.StartsWith($"{other.Path}.", StringComparison.Ordinal));

        var storedGroups = stored.InstanceGroups.ToDictionary(group => StoredSpec.Text(group, "metadata", "name")!, StringComparer.Ordinal);
        var renderedGroups = rendered.Skip(1).ToDictionary(group => StoredSpec.Text(group, "metadata", "name")!, StringComparer.Ordinal);
        return new AdoptionReview(
            [.. cluster.Select(difference => new ClusterDifference(difference, SuggestedOverrides.Owner(difference), !Left(difference)))],
            [
                .. renderedGroups.Where(group => storedGroups.ContainsKey(group.Key)).SelectMany(group =>
                    SpecComparison.Compare("InstanceGroup", storedGroups[group.Key], group.Value).Select(difference => new GroupDifference(group.Key, difference))),
            ],
            [
                .. stored.InstanceGroups
                    .Where(group => !renderedGroups.ContainsKey(StoredSpec.Text(group, "metadata", "name")!))
                    .Select(group => new StoredGroup(StoredSpec.Text(group, "metadata", "name")!, StoredSpec.Text(group, "spec", "role") ?? "", group)),
            ],
            [.. renderedGroups.Keys.Where(name => !storedGroups.ContainsKey(name))],
            overrides);
    }

    /// <summary>The spec the stack renders for the entry: the Cluster document first, then the InstanceGroups.</summary>
    public static IReadOnlyList<YamlMappingNode> Render(AdoptedCluster adopted, Kops.ClusterSettings settings)
    {
        string text;
        try
        {
            text = KopsSpecRenderer.Render(settings, adopted.Network, $"s3://{adopted.Bucket}", ClusterAdoption.EntryField, adopted.DiscoveryStore);
        }
        catch (InvalidInputException e)
        {
            throw new MigrationException($"the entry would not render in the stack: {e.Message}", e);
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(document => (YamlMappingNode)document.RootNode)];
    }
}
