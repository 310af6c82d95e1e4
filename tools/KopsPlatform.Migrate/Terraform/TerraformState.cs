using System.Text.Json;

namespace KopsPlatform.Migrate.Terraform;

/// <summary>
/// A Terraform state of format 4, as <c>terraform state pull</c> prints it (terraform 0.12 and later): the
/// resources, each with its module path and instances. Only what migrations read is kept.
/// </summary>
public sealed record TerraformState(string? TerraformVersion, long? Serial, IReadOnlyList<StateResource> Resources)
{
    public const int Format = 4;

    /// <param name="source">How to name the file in messages.</param>
    public static TerraformState Parse(string json, string source)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new MigrationException($"{source} is not JSON ({e.Message}): give the output of `terraform state pull`.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new MigrationException($"{source} is JSON, but not a Terraform state (an object with version and resources): give the output of `terraform state pull`.");
        }

        var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number) ? number : (int?)null;
        switch (version)
        {
            case null:
                throw new MigrationException($"{source} has no state format version: give the output of `terraform state pull`.");
            case 3:
                throw new MigrationException(
                    $"{source} is a format-3 state (terraform 0.11 or older), which this tool does not read: "
                    + "run `terraform refresh` once with terraform 0.12 or later (it rewrites the state in format 4), then `terraform state pull` again.");
            case not Format:
                throw new MigrationException($"{source} is a format-{version} state; this tool reads format {Format} (terraform 0.12 and later).");
        }

        if (!root.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            throw new MigrationException($"{source} has no resources list: give the output of `terraform state pull`.");
        }

        var list = new List<StateResource>();
        foreach (var resource in resources.EnumerateArray())
        {
            var module = Text(resource, "module");
            var mode = Text(resource, "mode") ?? "managed";
            var type = Text(resource, "type") ?? throw new MigrationException($"{source}: resource {list.Count} has no type.");
            var name = Text(resource, "name") ?? throw new MigrationException($"{source}: resource {list.Count} ({type}) has no name.");
            var instances = new List<StateInstance>();
            var parsed = new StateResource(module, mode, type, name, instances);
            if (resource.TryGetProperty("instances", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var instance in items.EnumerateArray())
                {
                    var indexKey = instance.TryGetProperty("index_key", out var key) ? key : (JsonElement?)null;
                    var attributes = instance.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object
                        ? a
                        : throw new MigrationException($"{source}: {parsed.Address(indexKey)} has no attributes.");
                    instances.Add(new StateInstance(parsed, indexKey, attributes));
                }
            }

            list.Add(parsed);
        }

        return new TerraformState(
            Text(root, "terraform_version"),
            root.TryGetProperty("serial", out var serial) && serial.ValueKind == JsonValueKind.Number ? serial.GetInt64() : null,
            list);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A resource block of the state: every instance of one <c>type.name</c> in one module.</summary>
public sealed record StateResource(string? Module, string Mode, string Type, string Name, IReadOnlyList<StateInstance> Instances)
{
    public bool IsManaged => Mode == "managed";

    /// <summary>The address Terraform shows, e.g. <c>module.vpc.aws_subnet.admin[0]</c>.</summary>
    public string Address(JsonElement? indexKey)
    {
        var prefix = Module is null ? "" : $"{Module}.";
        var data = IsManaged ? "" : "data.";
        var index = indexKey switch
        {
            null => "",
            { ValueKind: JsonValueKind.String } key => $"[\"{key.GetString()}\"]",
            { } key => $"[{key.GetRawText()}]",
        };
        return $"{prefix}{data}{Type}.{Name}{index}";
    }
}

/// <summary>One instance of a resource, with its attributes as the provider last recorded them.</summary>
public sealed record StateInstance(StateResource Resource, JsonElement? IndexKey, JsonElement Attributes)
{
    public string Address => Resource.Address(IndexKey);

    /// <summary>The count index; null for a resource without count, or with for_each.</summary>
    public int? Index =>
        IndexKey is { ValueKind: JsonValueKind.Number } key && key.TryGetInt32(out var index) && index >= 0 ? index : null;

    /// <summary>A string attribute; null when absent, null or empty.</summary>
    public string? Text(string attribute) =>
        Attributes.TryGetProperty(attribute, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    public string RequiredText(string attribute) =>
        Text(attribute) ?? throw new MigrationException($"{Address}: the state records no {attribute}, so it can't be checked against the program.");

    public bool? Flag(string attribute) =>
        Attributes.TryGetProperty(attribute, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public IReadOnlyList<string> Texts(string attribute) =>
        Attributes.TryGetProperty(attribute, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : [];

    /// <summary>
    /// The tags the resource has in AWS: <c>tags_all</c> (the provider's default tags included, AWS provider 3.38 and
    /// later), else <c>tags</c>; none when neither is recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tags
    {
        get
        {
            foreach (var attribute in new[] { "tags_all", "tags" })
            {
                if (Attributes.TryGetProperty(attribute, out var value) && value.ValueKind == JsonValueKind.Object)
                {
                    return value.EnumerateObject()
                        .Where(tag => tag.Value.ValueKind == JsonValueKind.String)
                        .ToDictionary(tag => tag.Name, tag => tag.Value.GetString()!, StringComparer.Ordinal);
                }
            }

            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public override string ToString() => Address;
}
