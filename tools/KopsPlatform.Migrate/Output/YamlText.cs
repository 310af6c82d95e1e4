using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KopsPlatform.Migrate.Output;

/// <summary>
/// YAML the way the written files spell it, read back by Pulumi (and the tests) as the same values: strings plain
/// where that can't be read as anything else, else double-quoted; maps in block style; lists of scalars, and maps of
/// scalars inside lists, in flow style; multi-line strings as literal blocks.
/// </summary>
public static partial class YamlText
{
    /// <summary>A plain scalar where YAML reads it back as the same string, else a double-quoted one (JSON's escapes are YAML's).</summary>
    public static string Scalar(string text) =>
        Plain().IsMatch(text) && !Reserved.Contains(text) ? text : JsonSerializer.Serialize(text, QuotedOptions);

    /// <summary>A JSON value as a one-line YAML value: a scalar, a flow list, or a flow map.</summary>
    public static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray items => $"[{string.Join(", ", items.Select(Inline))}]",
        JsonObject members => members.Count == 0 ? "{}" : $"{{ {string.Join(", ", members.Select(m => $"{Scalar(m.Key)}: {Inline(m.Value)}"))} }}",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => node.ToJsonString(),
            _ => Scalar(node.GetValue<string>()),
        },
    };

    /// <summary>Appends <c>key: value</c> at <paramref name="indent"/>, nested maps and lists below it.</summary>
    public static void AppendEntry(StringBuilder yaml, int indent, string key, JsonNode? value)
    {
        var pad = new string(' ', indent);
        switch (value)
        {
            case JsonObject { Count: > 0 } members:
                yaml.Append(CultureInfo.InvariantCulture, $"{pad}{Scalar(key)}:\n");
                foreach (var (name, member) in members)
                {
                    AppendEntry(yaml, indent + 2, name, member);
                }

                break;
            case JsonArray items when items.Any(item => item is JsonObject || !IsFlat(item)):
                yaml.Append(CultureInfo.InvariantCulture, $"{pad}{Scalar(key)}:\n");
                foreach (var item in items)
                {
                    AppendItem(yaml, indent + 2, item);
                }

                break;
            case JsonValue when Multiline(value) is { } block:
                yaml.Append(CultureInfo.InvariantCulture, $"{pad}{Scalar(key)}: {block.Indicator}\n");
                foreach (var line in block.Lines)
                {
                    yaml.Append(line.Length == 0 ? "\n" : $"{pad}  {line}\n");
                }

                break;
            default:
                yaml.Append(CultureInfo.InvariantCulture, $"{pad}{Scalar(key)}: {Inline(value)}\n");
                break;
        }
    }

    /// <summary>Appends a list item at <paramref name="indent"/>: flat values on the dash's line, a map's keys below it.</summary>
    public static void AppendItem(StringBuilder yaml, int indent, JsonNode? item)
    {
        var pad = new string(' ', indent);
        if (IsFlat(item))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"{pad}- {Inline(item)}\n");
            return;
        }

        var members = item as JsonObject ?? throw new NotSupportedException("A list inside a list is not written.");
        var first = true;
        foreach (var (name, member) in members)
        {
            var entry = new StringBuilder();
            AppendEntry(entry, indent + 2, name, member);
            yaml.Append(first ? $"{pad}- {entry.ToString()[(indent + 2)..]}" : entry.ToString());
            first = false;
        }
    }

    /// <summary>Scalars, lists of scalars, and maps of one-line scalars fit on one line.</summary>
    private static bool IsFlat(JsonNode? node) => node switch
    {
        JsonArray items => items.All(item => item is not JsonObject and not JsonArray && Multiline(item) is null),
        JsonObject members => members.All(m => m.Value is not JsonObject and not JsonArray && Multiline(m.Value) is null),
        _ => Multiline(node) is null,
    };

    private sealed record Block(string Indicator, IReadOnlyList<string> Lines);

    /// <summary>A string of several lines as a literal block, when YAML reads it back exactly; else null (it is quoted).</summary>
    private static Block? Multiline(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetValue<string>();
        if (!text.Contains('\n', StringComparison.Ordinal) || text.StartsWith(' ') || text.Contains('\r', StringComparison.Ordinal)
            || text.Contains('\t', StringComparison.Ordinal) || text.EndsWith("\n\n", StringComparison.Ordinal))
        {
            return null;
        }

        var body = text.EndsWith('\n') ? text[..^1] : text;
        return new Block(text.EndsWith('\n') ? "|" : "|-", body.Split('\n'));
    }

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Words YAML 1.1 or 1.2 would read as booleans or null.</summary>
    private static readonly HashSet<string> Reserved = new(
        ["true", "false", "yes", "no", "on", "off", "y", "n", "null"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/-]*$")]
    private static partial Regex Plain();
}
