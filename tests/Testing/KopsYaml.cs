using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests.Testing;

/// <summary>Reads a rendered multi-document kops spec back, to look at it the way kops would.</summary>
public static class KopsYaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    public static YamlMappingNode Cluster(string yaml) => Documents(yaml).Single(d => d.Text("kind") == "Cluster");

    public static IReadOnlyList<YamlMappingNode> InstanceGroups(string yaml) =>
        [.. Documents(yaml).Where(d => d.Text("kind") == "InstanceGroup")];

    public static YamlMappingNode Map(this YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    public static IReadOnlyList<YamlMappingNode> Maps(this YamlMappingNode node, string key) =>
        [.. ((YamlSequenceNode)node[key]).Children.Cast<YamlMappingNode>()];

    public static string Text(this YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    public static string? TextOrNull(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    public static string[] Texts(this YamlMappingNode node, string key) =>
        [.. ((YamlSequenceNode)node[key]).Children.Select(c => ((YamlScalarNode)c).Value!)];
}
