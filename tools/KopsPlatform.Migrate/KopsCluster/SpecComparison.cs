using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>One step of a field's path: a map key, or an item of a list (by its name, else its position).</summary>
public sealed record PathStep(string Key, bool IsListItem);

/// <summary>One field of a kops document that the stored and the rendered spec hold differently.</summary>
/// <param name="Steps">The field's path from the document's root.</param>
/// <param name="Stored">Its value in the store; null when the store doesn't set it.</param>
/// <param name="Rendered">Its value in the rendered spec; null when the program doesn't set it.</param>
public sealed record FieldDifference(IReadOnlyList<PathStep> Steps, YamlNode? Stored, YamlNode? Rendered)
{
    public string Path => SpecComparison.Display(Steps);
}

/// <summary>
/// Compares two kops documents field by field, as kops reads them: maps key by key, lists of named items (subnets,
/// etcd clusters and members) item by item by name, other lists as a whole. An empty list is the same as none; an
/// empty map (<c>rbac: {}</c>, <c>cilium: {}</c>) counts where the other side has nothing at or under its path.
/// What kops fills in itself, and reads the same either way, doesn't count (<see cref="KopsDefaults"/>).
/// </summary>
public static partial class SpecComparison
{
    /// <param name="kind">Cluster or InstanceGroup, for <see cref="KopsDefaults"/>.</param>
    public static IReadOnlyList<FieldDifference> Compare(string kind, YamlMappingNode stored, YamlMappingNode rendered)
    {
        var have = Leaves(stored);
        var want = Leaves(rendered);
        var differences = new List<FieldDifference>();
        foreach (var path in have.Keys.Union(want.Keys).Order(StringComparer.Ordinal))
        {
            var storedLeaf = have.GetValueOrDefault(path);
            var renderedLeaf = want.GetValueOrDefault(path);
            if (Same(storedLeaf?.Node, renderedLeaf?.Node)
                || Covered(storedLeaf, path, want) || Covered(renderedLeaf, path, have)
                || KopsDefaults.Ignores(kind, path, storedLeaf?.Node, renderedLeaf?.Node, stored))
            {
                continue;
            }

            differences.Add(new FieldDifference((storedLeaf ?? renderedLeaf)!.Steps, storedLeaf?.Node, renderedLeaf?.Node));
        }

        return differences;
    }

    /// <summary>A field's path as the diff file writes it: <c>spec.etcdClusters[events].cpuRequest</c>, <c>spec.nodeLabels["kops.k8s.io/instancegroup"]</c>.</summary>
    public static string Display(IEnumerable<PathStep> steps) => string.Concat(steps.Select((step, i) =>
        step.IsListItem ? $"[{step.Key}]"
        : SimpleKey().IsMatch(step.Key) ? (i == 0 ? step.Key : $".{step.Key}")
        : $"[{JsonSerializer.Serialize(step.Key, Quoted)}]"));

    /// <summary>A value as one line of the diff file: scalars as they are (quoted when they would read otherwise), lists and maps inline.</summary>
    public static string Show(YamlNode? node) => node switch
    {
        null => "(unset)",
        YamlScalarNode scalar => ShowScalar(scalar.Value ?? ""),
        YamlSequenceNode list => $"[{string.Join(", ", list.Children.Select(Show))}]",
        YamlMappingNode map => map.Children.Count == 0 ? "{}" : $"{{{string.Join(", ", map.Children.Select(e => $"{Show(e.Key)}: {Show(e.Value)}"))}}}",
        _ => node.ToString(),
    };

    private sealed record Leaf(IReadOnlyList<PathStep> Steps, YamlNode Node);

    private static Dictionary<string, Leaf> Leaves(YamlNode root)
    {
        var leaves = new Dictionary<string, Leaf>(StringComparer.Ordinal);
        void Walk(YamlNode node, List<PathStep> steps)
        {
            switch (node)
            {
                case YamlMappingNode { Children.Count: > 0 } map:
                    foreach (var (key, value) in map.Children)
                    {
                        Walk(value, [.. steps, new PathStep(((YamlScalarNode)key).Value!, false)]);
                    }

                    break;
                case YamlSequenceNode { Children.Count: 0 }:
                    break; // an empty list is no list
                case YamlSequenceNode list when ItemNames(list) is { } names:
                    for (var i = 0; i < names.Count; i++)
                    {
                        Walk(list.Children[i], [.. steps, new PathStep(names[i], true)]);
                    }

                    break;
                case YamlSequenceNode list when list.Children.Any(item => item is not YamlScalarNode):
                    for (var i = 0; i < list.Children.Count; i++)
                    {
                        Walk(list.Children[i], [.. steps, new PathStep(i.ToString(System.Globalization.CultureInfo.InvariantCulture), true)]);
                    }

                    break;
                default:
                    leaves[Display(steps)] = new Leaf(steps, node);
                    break;
            }
        }

        Walk(root, []);
        return leaves;
    }

    /// <summary>The items' names, when every item is a map with a name of its own.</summary>
    private static List<string>? ItemNames(YamlSequenceNode list)
    {
        var names = list.Children.Select(item => StoredSpec.Text(item, "name")).OfType<string>().ToList();
        return names.Count == list.Children.Count && names.Distinct(StringComparer.Ordinal).Count() == names.Count ? names : null;
    }

    private static bool Same(YamlNode? a, YamlNode? b) => (a, b) switch
    {
        (YamlScalarNode x, YamlScalarNode y) => x.Value == y.Value,
        (YamlSequenceNode x, YamlSequenceNode y) => x.Children.Count == y.Children.Count && x.Children.Zip(y.Children).All(pair => Same(pair.First, pair.Second)),
        (YamlMappingNode x, YamlMappingNode y) => x.Children.Count == 0 && y.Children.Count == 0,
        _ => false,
    };

    /// <summary>An empty map where the other side has fields under it: the map is there, and the fields are what differs.</summary>
    private static bool Covered(Leaf? leaf, string path, Dictionary<string, Leaf> other) =>
        leaf?.Node is YamlMappingNode { Children.Count: 0 }
        && other.Keys.Any(key => key.StartsWith($"{path}.", StringComparison.Ordinal) || key.StartsWith($"{path}[", StringComparison.Ordinal));

    private static string ShowScalar(string text) =>
        text.Length > 0 && !text.Contains('\n', StringComparison.Ordinal) && text.Trim() == text && !text.Contains(" -> ", StringComparison.Ordinal)
            ? text
            : JsonSerializer.Serialize(text, Quoted);

    private static readonly JsonSerializerOptions Quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SimpleKey();
}
