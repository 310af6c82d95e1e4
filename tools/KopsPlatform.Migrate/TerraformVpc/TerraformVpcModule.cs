using KopsPlatform.Migrate.Terraform;

namespace KopsPlatform.Migrate.TerraformVpc;

/// <summary>
/// The managed resources of one instance of the terraform-vpc module in a state, by <c>type.name</c> and count
/// index. A module is told apart from others by its <c>aws_vpc.default</c>.
/// </summary>
public sealed class TerraformVpcModule
{
    private readonly Dictionary<string, List<StateInstance>> _byResource;

    private TerraformVpcModule(string path, IEnumerable<StateInstance> instances)
    {
        Path = path;
        Instances = [.. instances];
        _byResource = Instances
            .GroupBy(instance => Key(instance.Resource.Type, instance.Resource.Name), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
    }

    /// <summary>The module's path in the state, e.g. <c>module.vpc</c>.</summary>
    public string Path { get; }

    /// <summary>Every managed resource instance in the module (data sources left out), in the state's order.</summary>
    public IReadOnlyList<StateInstance> Instances { get; }

    /// <param name="module">The <c>--module</c> given, or null to take the state's only terraform-vpc module.</param>
    /// <param name="source">How to name the state file in messages.</param>
    public static TerraformVpcModule Find(TerraformState state, string? module, string source)
    {
        var managed = state.Resources.Where(resource => resource.IsManaged).ToList();
        var candidates = managed
            .Where(resource => resource is { Module: not null, Type: "aws_vpc", Name: "default" })
            .Select(resource => resource.Module!)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        if (module is null)
        {
            module = candidates.Count switch
            {
                1 => candidates[0],
                0 => throw new MigrationException(
                    $"{source} holds no terraform-vpc module (no module has an aws_vpc.default): pull the state of the configuration that calls the module."),
                _ => throw new MigrationException(
                    $"{source} holds {candidates.Count} terraform-vpc modules ({string.Join(", ", candidates)}): pick one with --module."),
            };
        }
        else if (!candidates.Contains(module, StringComparer.Ordinal))
        {
            var modules = state.Resources.Select(resource => resource.Module).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var known = candidates.Count == 0 ? "none" : string.Join(", ", candidates);
            throw new MigrationException(modules.Contains(module, StringComparer.Ordinal)
                ? $"--module {module}: that module of {source} has no aws_vpc.default, so it is no terraform-vpc module; terraform-vpc modules in the state: {known}."
                : $"--module {module}: no such module in {source}; terraform-vpc modules in the state: {known}.");
        }

        return new TerraformVpcModule(module, managed.Where(resource => resource.Module == module).SelectMany(resource => resource.Instances));
    }

    /// <summary>The instances of <c>type.name</c> in the module, in the state's order.</summary>
    public IReadOnlyList<StateInstance> Of(string type, string name) =>
        _byResource.TryGetValue(Key(type, name), out var instances) ? instances : [];

    /// <summary>The address a resource of the module has, e.g. <c>module.vpc.aws_subnet.admin[2]</c>.</summary>
    public string Address(string type, string name, int? index = null) =>
        index is null ? $"{Path}.{type}.{name}" : $"{Path}.{type}.{name}[{index}]";

    private static string Key(string type, string name) => $"{type}.{name}";
}
