using System.Text.Json;

namespace KopsPlatform.Tests.Testing;

/// <summary>A registration's inputs as one JSON text, keys in order: a whole resource compared with a literal at once.</summary>
public static class InputsJson
{
    public static string Of(IReadOnlyDictionary<string, object> inputs) => JsonSerializer.Serialize(Flatten(inputs));

    /// <summary>The engine's maps and lists as plain, key-ordered ones.</summary>
    public static object? Flatten(object? value) => value switch
    {
        IReadOnlyDictionary<string, object> map => new SortedDictionary<string, object?>(
            map.ToDictionary(entry => entry.Key, entry => Flatten(entry.Value)), StringComparer.Ordinal),
        string text => text,
        IEnumerable<object> items => items.Select(Flatten).ToList(),
        _ => value,
    };
}
