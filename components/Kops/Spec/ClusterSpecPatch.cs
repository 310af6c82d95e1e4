using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace KopsPlatform.Kops.Spec;

/// <summary>
/// A cluster's <see cref="ClusterSettings.SpecOverrides"/>: a JSON merge patch (RFC 7386) on the rendered Cluster
/// <c>spec</c>. Objects merge key by key, a null removes a key, anything else (arrays too) replaces what is there. A
/// patch may not write what a setting decides: the setting would silently stop working, or the patch would undo a
/// rule the program keeps (immutable subnets, one minor at a time…).
/// </summary>
public static class ClusterSpecPatch
{
    /// <summary>The spec's paths that settings decide, and the setting (under the cluster's key) that does.</summary>
    private static readonly (string Path, string Setting)[] Owned =
    [
        ("api.loadBalancer.type", "apiLoadBalancer"),
        ("awsLoadBalancerController.enabled", "addons.awsLoadBalancerController"),
        ("certManager.enabled", "addons.certManager"),
        ("channel", "channel"),
        ("cloudLabels", "tags"),
        ("configBase", "the stack's kops-platform:stateStore"),
        ("dnsZone", "dns.zone"),
        ("encryptionConfig", "encryptionConfig"),
        ("etcdClusters", "controlPlane.count"),
        ("iam.useServiceAccountExternalPermissions", "irsa"),
        ("kubernetesApiAccess", "apiAccess"),
        ("kubernetesVersion", "kubernetesVersion"),
        ("metricsServer.enabled", "addons.metricsServer"),
        ("networkCIDR", "the stack's network"),
        ("networkID", "the stack's network"),
        ("nodeTerminationHandler.enabled", "addons.nodeTerminationHandler"),
        ("serviceAccountIssuerDiscovery.discoveryStore", "irsa"),
        ("serviceAccountIssuerDiscovery.enableAWSOIDCProvider", "irsa"),
        ("sshAccess", "sshAccess"),
        ("subnets", "slot or subnets"),
        ("topology.dns.type", "dns.type"),
    ];

    private static readonly IDeserializer TypedYaml = new DeserializerBuilder()
        .WithAttemptingUnquotedStringTypeDeserialization()
        .Build();

    /// <param name="field">The patch's full key, e.g. <c>kops-platform:clusters[0].specOverrides</c>.</param>
    public static void Check(JsonObject? patch, string field)
    {
        var cluster = field[..field.LastIndexOf('.')];
        foreach (var written in WrittenPaths(patch, ""))
        {
            if (OwnerOf(written) is { } owned)
            {
                var setting = owned.Setting.StartsWith("the stack's", StringComparison.Ordinal) || owned.Setting.Contains(" or ", StringComparison.Ordinal)
                    ? owned.Setting
                    : $"{cluster}.{owned.Setting}";
                throw new InvalidInputException(
                    $"{field}.{written}",
                    $"the patch writes {owned.Path}, which {setting} decides",
                    $"Remove it from specOverrides and set {setting} instead.");
            }
        }
    }

    /// <summary>
    /// The owned path a write at <paramref name="path"/> (dotted, under <c>spec</c>) would touch, and the setting that
    /// owns it (under the cluster's key, or the stack's); null when a patch may write there. A write touches what it
    /// sets, what lies inside that, and what holds it (replacing or removing a parent).
    /// </summary>
    public static (string Path, string Setting)? OwnerOf(string path)
    {
        var owned = Owned.FirstOrDefault(o => o.Path == path || o.Path.StartsWith($"{path}.", StringComparison.Ordinal)
            || path.StartsWith($"{o.Path}.", StringComparison.Ordinal));
        return owned.Path is null ? null : owned;
    }

    /// <summary>
    /// The spec with the patch applied, every mapping in key order as the rendered spec has it, which is how
    /// <c>kops get -o yaml</c> prints (so the spec still diffs cleanly against kops's).
    /// </summary>
    public static object Apply(ClusterSpec spec, JsonObject patch, ISerializer yaml)
    {
        var rendered = TypedYaml.Deserialize<object>(yaml.Serialize(spec));
        return Merge(rendered, patch)!;
    }

    /// <summary>Writes the multi-line strings of a patched spec (the audit policy) as literal blocks, as the typed spec does.</summary>
    public sealed class LiteralBlocks(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text && text.Contains('\n', StringComparison.Ordinal))
            {
                eventInfo.Style = ScalarStyle.Literal;
            }

            base.Emit(eventInfo, emitter);
        }
    }

    private static IEnumerable<string> WrittenPaths(JsonObject? patch, string prefix)
    {
        foreach (var (key, value) in patch ?? [])
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is JsonObject inner)
            {
                foreach (var written in WrittenPaths(inner, path))
                {
                    yield return written;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static object? Merge(object? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return Plain(patch);
        }

        var source = target as IDictionary<object, object> ?? new Dictionary<object, object>();
        var merged = new SortedDictionary<object, object?>(Comparer<object>.Create((a, b) => string.CompareOrdinal((string)a, (string)b)));
        foreach (var (key, value) in source)
        {
            if (!members.TryGetPropertyValue((string)key, out var member))
            {
                merged[key] = value;
            }
            else if (member is not null)
            {
                merged[key] = Merge(value, member);
            }
        }

        foreach (var (key, member) in members.Where(m => m.Value is not null && !source.ContainsKey(m.Key)))
        {
            merged[key] = Merge(null, member);
        }

        return merged;
    }

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonArray items => items.Select(Plain).ToList(),
        JsonObject members => Merge(null, members),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when node.AsValue().TryGetValue<long>(out var whole) => whole,
            JsonValueKind.Number => node.GetValue<double>(),
            _ => node.GetValue<string>(),
        },
    };
}
