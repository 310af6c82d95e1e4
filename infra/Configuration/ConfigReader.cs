using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Pulumi;

namespace KopsPlatform.Infra.Configuration;

/// <summary>
/// Binds the structured <c>kops-platform:*</c> objects to typed records. Unknown keys are errors (a typo would
/// otherwise silently fall back to a default), and every binding error names the full key and the fix.
/// </summary>
public static partial class ConfigReader
{
    public const string Namespace = "kops-platform";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>The user-facing name of a value: <c>kops-platform:network.cidr</c>, <c>kops-platform:clusters[1].slot</c>.</summary>
    public static string KeyOf(string key, string path = "") =>
        path.Length == 0 ? $"{Namespace}:{key}" : path.StartsWith('[') ? $"{Namespace}:{key}{path}" : $"{Namespace}:{key}.{path}";

    public static T? Get<T>(string key) where T : class
    {
        var text = new Config(Namespace).Get(key);
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, Options)
                ?? throw new InvalidInputException(KeyOf(key), "is null", "Give it a value or remove the key.");
        }
        catch (JsonException e)
        {
            throw Explain(key, typeof(T), e);
        }
    }

    /// <summary>A top-level switch: <c>true</c> or <c>false</c>, false when not set.</summary>
    public static bool Flag(string key) => new Config(Namespace).Get(key) switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw new InvalidInputException(KeyOf(key), $"'{other}' is not a boolean", "Use true or false."),
    };

    private static InvalidInputException Explain(string key, Type root, JsonException error)
    {
        var path = (error.Path ?? "$").TrimStart('$').TrimStart('.');
        var missing = MissingRequired().Match(error.Message);
        if (missing.Success)
        {
            var names = missing.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(name => name.Trim('\''))
                .ToList();
            return new InvalidInputException(
                KeyOf(key, $"{path}.{names[0]}".TrimStart('.')),
                "missing",
                $"Every entry here needs {string.Join(", ", names)}.");
        }

        var unknown = UnmappedProperty().Match(error.Message);
        if (unknown.Success)
        {
            var owner = TypeAt(root, path);
            var member = unknown.Groups[1].Value;
            var where = path.EndsWith(member, StringComparison.Ordinal) ? path : $"{path}.{member}".TrimStart('.');
            return new InvalidInputException(
                KeyOf(key, where),
                "unknown key",
                $"Valid keys here are: {string.Join(", ", KeysOf(owner))}.");
        }

        var expected = TypeAt(root, path);
        var fix = Nullable.GetUnderlyingType(expected) ?? expected;
        return new InvalidInputException(
            KeyOf(key, path),
            "has a value of the wrong kind",
            fix.IsEnum
                ? $"Use one of: {string.Join(", ", Enum.GetNames(fix).Select(JsonNamingPolicy.CamelCase.ConvertName))}."
                : $"Give {Describe(fix)}.");
    }

    /// <summary>Follows a JSON path such as <c>clusters[0].nodes.min</c> through the record types.</summary>
    private static Type TypeAt(Type root, string path)
    {
        var type = root;
        foreach (var segment in PathSegment().Matches(path).Select(m => m.Value))
        {
            if (segment.StartsWith('['))
            {
                type = ElementType(type) ?? type;
                continue;
            }

            var property = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                break;
            }

            type = property.PropertyType;
        }

        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];

    private static IEnumerable<string> KeysOf(Type type) =>
        (ElementType(type) is { } element && type != typeof(string) ? element : type)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

    private static string Describe(Type type) =>
        type == typeof(string) ? "a string"
        : type == typeof(bool) ? "a boolean (true or false)"
        : type == typeof(int) ? "a whole number"
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) ? "a map of strings"
        : ElementType(type) is not null ? "a list"
        : $"an object with the keys {string.Join(", ", KeysOf(type))}";

    [GeneratedRegex("missing required properties,? including:? (.+?)\\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"\[\d+\]|[^.\[\]]+")]
    private static partial Regex PathSegment();
}
