using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Validates YAML documents against a CustomResourceDefinition's OpenAPI v3 schema, stricter than Kubernetes:
/// a key the schema doesn't list is an error (kops would silently drop it), and a scalar must be read as the
/// schema's type by a YAML 1.1 parser like the one kops uses (so <c>yes</c> is no string and <c>1.30</c> no text).
/// </summary>
public sealed partial class CrdSchema
{
    private readonly YamlMappingNode _schema;

    private CrdSchema(string apiVersion, string kind, YamlMappingNode schema)
    {
        ApiVersion = apiVersion;
        Kind = kind;
        _schema = schema;
    }

    public string ApiVersion { get; }

    public string Kind { get; }

    public static IReadOnlyList<CrdSchema> LoadAll(string directory) =>
        [.. Directory.GetFiles(directory, "*.yaml").Order().Select(Load)];

    public static CrdSchema Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"];
        var version = (YamlMappingNode)((YamlSequenceNode)spec["versions"]).Children[0];
        var schema = (YamlMappingNode)((YamlMappingNode)version["schema"])["openAPIV3Schema"];
        var group = Text(spec["group"]);
        return new CrdSchema($"{group}/{Text(version["name"])}", Text(((YamlMappingNode)spec["names"])["kind"]), schema);
    }

    /// <summary>Every problem in <paramref name="document"/>, each as "path: what is wrong".</summary>
    public IReadOnlyList<string> Validate(YamlNode document)
    {
        var errors = new List<string>();
        Validate(document, _schema, "", errors);
        return errors;
    }

    private static void Validate(YamlNode node, YamlMappingNode schema, string path, List<string> errors)
    {
        if (Flag(schema, "x-kubernetes-preserve-unknown-fields") || Flag(schema, "x-kubernetes-int-or-string"))
        {
            return;
        }

        var type = schema.Children.TryGetValue("type", out var t) ? Text(t) : null;
        switch (type)
        {
            case "object":
                ValidateObject(node, schema, path, errors);
                break;
            case "array":
                if (node is not YamlSequenceNode list)
                {
                    errors.Add($"{path}: expected a list");
                    break;
                }

                if (schema.Children.TryGetValue("items", out var items))
                {
                    for (var i = 0; i < list.Children.Count; i++)
                    {
                        Validate(list.Children[i], (YamlMappingNode)items, $"{path}[{i}]", errors);
                    }
                }

                break;
            case "string" or "integer" or "boolean" or "number":
                if (node is not YamlScalarNode scalar || ScalarType(scalar) is not { } actual || !Accepts(type, actual))
                {
                    errors.Add($"{path}: expected a {type}, found {Describe(node)}");
                }
                else if (schema.Children.TryGetValue("enum", out var allowed)
                    && !((YamlSequenceNode)allowed).Children.Any(a => Text(a) == scalar.Value))
                {
                    errors.Add($"{path}: '{scalar.Value}' is not one of the allowed values");
                }

                break;
        }
    }

    private static void ValidateObject(YamlNode node, YamlMappingNode schema, string path, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add($"{path}: expected an object, found {Describe(node)}");
            return;
        }

        var properties = schema.Children.TryGetValue("properties", out var p) ? (YamlMappingNode)p : null;
        var additional = schema.Children.TryGetValue("additionalProperties", out var a) ? a as YamlMappingNode : null;
        if (properties is null && additional is null)
        {
            return; // a free-form object, such as metadata
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var key = Text(keyNode);
            if (properties is not null && properties.Children.TryGetValue(key, out var propertySchema))
            {
                Validate(value, (YamlMappingNode)propertySchema, $"{path}.{key}", errors);
            }
            else if (additional is not null)
            {
                Validate(value, additional, $"{path}.{key}", errors);
            }
            else
            {
                errors.Add($"{path}.{key}: not in the schema (kops would drop it)");
            }
        }

        if (schema.Children.TryGetValue("required", out var required))
        {
            foreach (var name in ((YamlSequenceNode)required).Children.Select(Text).Where(name => !map.Children.ContainsKey(name)))
            {
                errors.Add($"{path}.{name}: required but missing");
            }
        }
    }

    private static bool Accepts(string schemaType, string actual) =>
        schemaType == actual || (schemaType == "number" && actual == "integer");

    /// <summary>The type a YAML 1.1 parser gives the scalar; null for null.</summary>
    private static string? ScalarType(YamlScalarNode scalar)
    {
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return "string";
        }

        var text = scalar.Value ?? "";
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            _ when Yaml11Boolean().IsMatch(text) => "boolean",
            _ when Yaml11Integer().IsMatch(text) => "integer",
            _ when Yaml11Float().IsMatch(text) => "number",
            _ => "string",
        };
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"'{scalar.Value}' ({ScalarType(scalar) ?? "null"})",
        YamlSequenceNode => "a list",
        _ => "an object",
    };

    private static bool Flag(YamlMappingNode schema, string name) =>
        schema.Children.TryGetValue(name, out var value) && Text(value) == "true";

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex Yaml11Boolean();

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$")]
    private static partial Regex Yaml11Integer();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Yaml11Float();
}
