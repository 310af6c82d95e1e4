using System.Collections.Immutable;
using KopsPlatform.Platform;
using Pulumi;

namespace KopsPlatform.Infra;

/// <summary>
/// What the stack's last successful up exported, read through a reference to the stack itself: the baseline that
/// <see cref="Configuration.ChangeRules"/> checks a change against. A new stack, or one whose last up predates an
/// output, has nothing for it, and every check that needs it passes.
/// </summary>
public sealed record PreviousDeployment(
    string? NetworkName,
    string? VpcCidr,
    IReadOnlyList<string>? AvailabilityZones,
    IReadOnlyDictionary<string, ClusterRecord> Clusters,
    IReadOnlySet<string> ClusterNames,
    IReadOnlyDictionary<string, string> Specs,
    IReadOnlyDictionary<string, string> DriftRepairs,
    string? StateStore,
    bool? StateStoreCreated,
    string? DiscoveryStore = null)
{
    public static PreviousDeployment None { get; } = FromOutputs(ImmutableDictionary<string, object?>.Empty);

    private static readonly string[] Read =
    [
        PlatformOutputs.NetworkName, PlatformOutputs.VpcCidr, PlatformOutputs.AvailabilityZones, PlatformOutputs.Clusters,
        PlatformOutputs.KopsSpecs, PlatformOutputs.StateStore, PlatformOutputs.StateStoreCreated, PlatformOutputs.DriftRepairs,
        PlatformOutputs.DiscoveryStore,
    ];

    /// <summary>
    /// Reads the stack's own last outputs. It waits for them, so that a refused change fails the run before the
    /// program declares a single resource.
    /// </summary>
    public static PreviousDeployment Load()
    {
        var deployment = Deployment.Instance;
        var self = new StackReference("previous-deployment", new StackReferenceArgs
        {
            Name = $"{deployment.OrganizationName}/{deployment.ProjectName}/{deployment.StackName}",
        });
        var values = Task.WhenAll(Read.Select(name => self.GetValueAsync(name))).GetAwaiter().GetResult();
        return FromOutputs(Read.Zip(values).ToImmutableDictionary(pair => pair.First, pair => pair.Second));
    }

    public static PreviousDeployment FromOutputs(IReadOnlyDictionary<string, object?> outputs)
    {
        var clusters = (outputs.GetValueOrDefault(PlatformOutputs.Clusters) as IReadOnlyDictionary<string, object> ?? ImmutableDictionary<string, object>.Empty)
            .Select(entry => (entry.Key, Record: ClusterRecord.FromOutput(entry.Value)))
            .Where(entry => entry.Record is not null)
            .ToImmutableDictionary(entry => entry.Key, entry => entry.Record!);

        // Stacks from before the clusters output still name their clusters in kopsSpecs.
        var specs = Texts(outputs, PlatformOutputs.KopsSpecs);

        return new PreviousDeployment(
            outputs.GetValueOrDefault(PlatformOutputs.NetworkName) as string,
            outputs.GetValueOrDefault(PlatformOutputs.VpcCidr) as string,
            outputs.GetValueOrDefault(PlatformOutputs.AvailabilityZones) is IEnumerable<object> zones ? [.. zones.OfType<string>()] : null,
            clusters,
            clusters.Keys.Union(specs.Keys).ToImmutableHashSet(),
            specs,
            Texts(outputs, PlatformOutputs.DriftRepairs),
            outputs.GetValueOrDefault(PlatformOutputs.StateStore) as string,
            outputs.GetValueOrDefault(PlatformOutputs.StateStoreCreated) as bool?,
            outputs.GetValueOrDefault(PlatformOutputs.DiscoveryStore) as string);
    }

    /// <summary>A map-of-strings output, without the entries that aren't strings.</summary>
    private static ImmutableDictionary<string, string> Texts(IReadOnlyDictionary<string, object?> outputs, string name) =>
        (outputs.GetValueOrDefault(name) as IReadOnlyDictionary<string, object> ?? ImmutableDictionary<string, object>.Empty)
            .Where(entry => entry.Value is string)
            .ToImmutableDictionary(entry => entry.Key, entry => (string)entry.Value);
}
