using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KopsPlatform.Kops.Spec;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>
/// The <c>specOverrides</c> (a JSON merge patch on the rendered Cluster spec) that keep what the store holds where
/// the program would change, drop or add a field that no setting owns. What a setting owns, <see cref="ClusterSpecPatch"/>
/// refuses in a patch; which one owns a field is asked of it, so the two never disagree.
/// </summary>
public static partial class SuggestedOverrides
{
    /// <param name="differences">The Cluster document's differences.</param>
    /// <param name="storedSpec">The stored Cluster's <c>spec</c>.</param>
    public static JsonObject Build(IEnumerable<FieldDifference> differences, YamlMappingNode storedSpec)
    {
        var patch = new JsonObject();
        foreach (var difference in differences)
        {
            if (PatchPoint(difference) is not { } field || Owner(field) is not null)
            {
                continue;
            }

            // Where the store lacks the field's parents too, the patch removes the outermost one it may: an empty map
            // left behind would be a field the store doesn't have.
            var point = Enumerable.Range(1, field.Count).Select(length => field.Take(length).ToList())
                .First(prefix => prefix.Count == field.Count || (StoredSpec.At(storedSpec, prefix) is null && Owner(prefix) is null));

            JsonObject? target = patch;
            foreach (var key in point.SkipLast(1))
            {
                // A shallower field may already replace this one's parent whole.
                target = target?.TryGetPropertyValue(key, out var inner) == true
                    ? inner as JsonObject
                    : target is null ? null : (JsonObject)(target[key] = new JsonObject());
            }

            // A list is replaced whole (RFC 7386), so a field inside one keeps the stored list; null removes what the store lacks.
            target?[point[^1]] = Json(StoredSpec.At(storedSpec, point));
        }

        return patch;
    }

    /// <summary>
    /// The setting that decides the difference's field, as the program names it (<c>controlPlane.count</c>, <c>the
    /// stack's network</c>), or null when a patch may write it. Fields outside the Cluster's spec have none.
    /// </summary>
    public static string? Owner(FieldDifference difference) => PatchPoint(difference) is { } point ? Owner(point) : null;

    /// <summary>Where a patch writes to change the field: its map keys under <c>spec</c>, up to the first list.</summary>
    private static IReadOnlyList<string>? PatchPoint(FieldDifference difference) =>
        difference.Steps is [{ Key: "spec", IsListItem: false }, { IsListItem: false }, ..] steps
            ? [.. steps.Skip(1).TakeWhile(step => !step.IsListItem).Select(step => step.Key)]
            : null;

    private static string? Owner(IReadOnlyList<string> point) => ClusterSpecPatch.OwnerOf(string.Join('.', point))?.Setting;

    /// <summary>A stored value as JSON, typed as YAML reads a plain scalar (true, 150) and keeps a quoted one a string.</summary>
    public static JsonNode? Json(YamlNode? node) => node switch
    {
        null => null,
        YamlMappingNode map => new JsonObject(map.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, Json(e.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Json)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var text } => text switch
        {
            null or "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
