using System.Collections;
using System.Text.Json.Nodes;
using Pulumi.Testing;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Registrations as text that compares across runs: one JSON line per resource (type, name, inputs), with object keys
/// sorted, since the engine hands inputs over in hash order.
/// </summary>
public static class RegistrationSnapshot
{
    public static IReadOnlyList<string> Lines(IEnumerable<MockResourceArgs> registrations) =>
        [.. registrations
            .Select(r => new JsonObject { ["type"] = r.Type, ["name"] = r.Name, ["inputs"] = Canonical(r.Inputs) }.ToJsonString())
            .Order(StringComparer.Ordinal)];

    private static JsonNode? Canonical(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        double number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        IDictionary map => new JsonObject(map.Keys.Cast<string>().Order(StringComparer.Ordinal)
            .Select(key => KeyValuePair.Create(key, Canonical(map[key])))),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(Canonical)]),
        _ => JsonValue.Create(value.ToString()),
    };
}
