using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KopsPlatform.Migrate.Output;

/// <summary>YAML scalars the way the written files spell them, read back by Pulumi (and the tests) as the same strings.</summary>
public static partial class YamlText
{
    /// <summary>A plain scalar where YAML reads it back as the same string, else a double-quoted one (JSON's escapes are YAML's).</summary>
    public static string Scalar(string text) =>
        Plain().IsMatch(text) && !Reserved.Contains(text) ? text : JsonSerializer.Serialize(text, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Words YAML 1.1 or 1.2 would read as booleans or null.</summary>
    private static readonly HashSet<string> Reserved = new(
        ["true", "false", "yes", "no", "on", "off", "y", "n", "null"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/-]*$")]
    private static partial Regex Plain();
}
