using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests.Testing;

/// <summary>The repository's own files: stack config as the Pulumi CLI would hand it to the program.</summary>
public static class StackConfig
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The <c>config:</c> of Pulumi.&lt;stack&gt;.yaml, objects and lists as JSON text, scalars as text.</summary>
    public static Dictionary<string, object> Load(string stack) => LoadFile(Path.Combine(RepositoryRoot, $"Pulumi.{stack}.yaml"));

    /// <summary>The <c>config:</c> of a stack file anywhere, read as <see cref="Load"/> reads the repository's.</summary>
    public static Dictionary<string, object> LoadFile(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var config = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["config"];
        return config.Children.ToDictionary(
            entry => ((YamlScalarNode)entry.Key).Value!,
            entry => entry.Value is YamlScalarNode scalar ? (object)scalar.Value! : ToJson(entry.Value)!.ToJsonString());
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(e =>
            KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, ToJson(e.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value!),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    // YAML 1.2 core schema: unquoted true/false and integers are typed, everything else is text.
    private static JsonValue? Plain(string text) =>
        text is "true" or "false" ? JsonValue.Create(text == "true")
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : text is "null" or "~" ? null
        : JsonValue.Create(text);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pulumi.yaml not found above the test binaries.");
    }
}
