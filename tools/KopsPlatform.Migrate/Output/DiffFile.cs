using System.Text;
using KopsPlatform.Migrate.KopsCluster;

namespace KopsPlatform.Migrate.Output;

/// <summary>
/// <c>DIR/CLUSTER-diff.txt</c>: what the program changes in an adopted cluster when it first applies its entry, field by
/// field (stored value, then rendered value), what it ignores and why, and the specOverrides that keep what no
/// setting owns.
/// </summary>
public static class DiffFile
{
    public static string FileName(string cluster) => $"{cluster}-diff.txt";

    public const string OverridesHeading = "Suggested specOverrides";

    /// <param name="sources">The files the stored spec was read from, for the header.</param>
    public static string Render(AdoptionReview review, AdoptedCluster adopted, string sources, string entryFile)
    {
        var name = adopted.Settings.Name;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"# What the first apply of {entryFile} changes in {name}: the spec the stack renders");
        Line($"# from that entry, compared field by field with the stored spec ({sources}).");
        Line("# Each line is a field, its stored value, then the rendered one; (unset) where a side doesn't set it.");
        Line("#");
        Line("# Not counted, as kops fills these in itself and reads them the same whether they are set or not (the program");
        Line("# leaves them to kops); nor an empty list against none:");
        foreach (var rule in KopsDefaults.Rules)
        {
            Line($"#   {rule.Kind} {rule.Fields}: {rule.Why}");
        }

        Line("#");
        Line("# Not known here, so not compared (the stack's kops plan shows them: README, Preview locally): the stack gives each");
        Line("# private subnet the NAT gateway its network has in the zone (egress), and adds the network's tags to cloudLabels.");
        Line();

        Line($"Cluster {name}: {Count(review.Cluster.Count, "field differs", "fields differ")}.");
        foreach (var (difference, owner, kept) in review.Cluster)
        {
            var why = owner is not null ? $"{owner} decides it; no override can keep it"
                : kept ? "the suggested specOverrides keep the stored value"
                : "no override keeps it";
            Line($"  {Marker(difference)} {difference.Path}: {SpecComparison.Show(difference.Stored)} -> {SpecComparison.Show(difference.Rendered)}   [{why}]");
        }

        Line();
        Line($"InstanceGroups: {Count(review.Groups.Count, "field differs", "fields differ")}; the program renders them from its settings alone, so no override keeps a stored value.");
        foreach (var (group, difference) in review.Groups)
        {
            Line($"  {Marker(difference)} {group} {difference.Path}: {SpecComparison.Show(difference.Stored)} -> {SpecComparison.Show(difference.Rendered)}");
        }

        Line();
        Line(review.NotRendered.Count == 0 ? "InstanceGroups the program does not render: none." : "InstanceGroups the program does not render:");
        foreach (var group in review.NotRendered)
        {
            Line($"  {group.Name} ({group.Role}): {(group.Role == "Bastion" ? "no setting makes a bastion, so" : "no setting renders it, so")} the first apply deletes it "
                + $"(`kops delete instancegroup {group.Name} --name {name} --yes`: the apply deletes every group its spec doesn't name, "
                + "though kops replace alone would leave it), and its instances terminate.");
        }

        Line(review.Created.Count == 0
            ? "InstanceGroups the program would create: none."
            : $"InstanceGroups the program would create: {string.Join(", ", review.Created)}.");

        var notes = adopted.Notes;
        if (notes.Count > 0)
        {
            Line();
            Line("Notes:");
            foreach (var note in notes)
            {
                Line($"  {note}");
            }
        }

        Line();
        if (review.Overrides.Count == 0)
        {
            Line($"{OverridesHeading}: none; no field the overrides may write differs.");
            return text.ToString();
        }

        Line($"{OverridesHeading}: add these lines to the entry in {entryFile} (they keep the stored values marked");
        Line("above; leave a line out to take the program's value instead):");
        Line();
        YamlText.AppendEntry(text, ClusterEntryFile.EntryIndent, "specOverrides", review.Overrides);
        return text.ToString();
    }

    private static string Marker(FieldDifference difference) => (difference.Stored, difference.Rendered) switch
    {
        (null, _) => "+",
        (_, null) => "-",
        _ => "~",
    };

    /// <summary>A count with its noun: 1 field differs, 2 fields differ.</summary>
    internal static string Count(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";
}
