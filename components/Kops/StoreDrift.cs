using System.Security.Cryptography;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Kops;

/// <summary>
/// Whether the kops state store still holds what the last successful apply put there. It may not: an apply that
/// stored a spec and then failed leaves it behind (and reverting the config then gives Pulumi nothing to do), and
/// <c>kops edit</c> changes it behind the stack's back. A drifted store adds a term to the apply's triggers, so the
/// preview shows the apply pending and the up writes the spec again.
/// </summary>
public static class StoreDrift
{
    /// <summary>What the read script prints first when the store has the cluster; its stored documents follow.</summary>
    public const string Stored = "stored";

    /// <summary>What the read script prints when the store has no such cluster.</summary>
    public const string Absent = "absent";

    /// <summary>What the read script prints, with the reason, when it can't read the store (no kops, no credentials).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>
    /// The term for the apply's triggers: the one used before while the store holds what was applied (so a repaired
    /// store doesn't trigger again), a new one named after the store's content when it doesn't.
    /// </summary>
    /// <param name="applied">The spec the last successful up applied; null for a cluster it didn't have.</param>
    /// <param name="read">The read script's output.</param>
    /// <param name="previousTerm">The term the last successful up used, if any.</param>
    public static DriftCheck Check(string? applied, string read, string? previousTerm)
    {
        var kept = new DriftCheck(previousTerm ?? "", null);
        var newline = read.IndexOf('\n', StringComparison.Ordinal);
        var status = newline < 0 ? read.Trim() : read[..newline].Trim();
        if (status.StartsWith(Unavailable, StringComparison.Ordinal))
        {
            return kept with { Note = $"the state store could not be read ({status[Unavailable.Length..].Trim(' ', ':')}), so drift was not checked" };
        }

        if (applied is null || status == Absent)
        {
            return kept;
        }

        // Chained to the previous term, so that a store that drifts to the same content again still gets a new one.
        var stored = newline < 0 ? "" : read[(newline + 1)..];
        return Holds(applied, stored)
            ? kept
            : new DriftCheck($"drift-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{previousTerm}\n{stored}")))[..16]}",
                "the state store no longer holds the spec the last up applied (a failed apply, or kops edit): the apply runs again");
    }

    /// <summary>
    /// True when the store holds the same documents (the Cluster and each InstanceGroup, by kind and name) and each
    /// carries every value that was applied. kops adds defaults and timestamps of its own; those don't count.
    /// </summary>
    public static bool Holds(string applied, string stored)
    {
        var want = Documents(applied);
        var have = Documents(stored);
        return want.Count == have.Count
            && want.All(document => have.TryGetValue(document.Key, out var found) && Contains(found, document.Value));
    }

    private static Dictionary<string, YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(document => document.RootNode)
            .OfType<YamlMappingNode>()
            .ToDictionary(root => $"{Scalar(root, "kind")}/{Scalar(root["metadata"] as YamlMappingNode, "name")}");
    }

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(key, out var value) ? (value as YamlScalarNode)?.Value : null;

    private static bool Contains(YamlNode have, YamlNode want) => (have, want) switch
    {
        (YamlMappingNode h, YamlMappingNode w) => w.Children.All(entry => h.Children.TryGetValue(entry.Key, out var value) && Contains(value, entry.Value)),
        (YamlSequenceNode h, YamlSequenceNode w) => h.Children.Count == w.Children.Count && h.Children.Zip(w.Children).All(pair => Contains(pair.First, pair.Second)),
        (YamlScalarNode h, YamlScalarNode w) => h.Value == w.Value,
        _ => false,
    };
}

/// <param name="Term">The apply's extra trigger: empty until the store first drifts.</param>
/// <param name="Note">What to tell the operator, when there is something to tell.</param>
public sealed record DriftCheck(string Term, string? Note);
