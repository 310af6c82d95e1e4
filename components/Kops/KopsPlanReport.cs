using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace KopsPlatform.Kops;

/// <summary>
/// Reads what the plan script printed: <see cref="Scripts.KopsScriptSteps.Planned"/> and the report of kops's dry-run update (what the review step of
/// the ReactiveOps workflow asks a person to sanity-check), or <c>unavailable: why</c>.
/// </summary>
public static partial class KopsPlanReport
{
    /// <summary>How many report lines a preview shows; the rest is counted.</summary>
    public const int ShownLines = 40;

    public static KopsPlan Parse(string output)
    {
        var lines = output.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var status = lines[0].Trim();
        if (status != Scripts.KopsScriptSteps.Planned)
        {
            var reason = status.StartsWith(StoreDrift.Unavailable, StringComparison.Ordinal)
                ? status[StoreDrift.Unavailable.Length..].Trim(' ', ':')
                : $"the plan script printed '{status}'";
            return KopsPlan.Unavailable(reason);
        }

        var creates = new List<string>();
        var modifies = new List<string>();
        var deletes = new List<string>();
        var report = new List<string>();
        List<string>? section = null;
        foreach (var line in lines.Skip(1))
        {
            if (KlogLine().IsMatch(line))
            {
                continue;
            }

            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                section = line switch
                {
                    "Will create resources:" => creates,
                    "Will modify resources:" => modifies,
                    _ when DeletionHeading().IsMatch(line) => deletes,
                    _ => null,
                };
            }

            if (section is not null)
            {
                report.Add(line);
                if ((section == deletes ? DeletionItem() : TaskItem()).Match(line) is { Success: true } item)
                {
                    section.Add(item.Groups["item"].Value);
                }
            }
        }

        while (report.Count > 0 && report[^1].Trim().Length == 0)
        {
            report.RemoveAt(report.Count - 1);
        }

        return new KopsPlan(
            KopsPlanStatus.Planned,
            null,
            creates.Count,
            modifies.Count,
            deletes.Count,
            RollNeeded: modifies.Any(task => task.StartsWith("LaunchTemplate/", StringComparison.Ordinal)),
            report.Count <= ShownLines ? [.. report] : [.. report.Take(ShownLines), $"... {report.Count - ShownLines} more lines"]);
    }

    // "Will delete items:" in older kops; 1.36 says "Items will be deleted only when the --prune flag is specified:"
    // or "Items will be deleted during update:".
    [GeneratedRegex("^(Will delete items|Items will be deleted.*):$")]
    private static partial Regex DeletionHeading();

    /// <summary>A log line kops writes between the report's lines (stderr is merged in): I1124 08:00:00.000000 ...</summary>
    [GeneratedRegex(@"^[IWEF]\d{4} ")]
    private static partial Regex KlogLine();

    /// <summary>A task under create or modify: two spaces, then Kind/id (its fields follow, indented with a tab).</summary>
    [GeneratedRegex(@"^  (?<item>[A-Za-z0-9]+/\S.*)$")]
    private static partial Regex TaskItem();

    /// <summary>A deletion: two spaces, the task's kind, then the item.</summary>
    [GeneratedRegex(@"^  (?<item>\S+\s+\S.*)$")]
    private static partial Regex DeletionItem();
}

public enum KopsPlanStatus
{
    /// <summary>kops planned; the counts say what it would do.</summary>
    Planned,

    /// <summary>The plan could not run here (no kops, no credentials, bounded out); <see cref="KopsPlan.Reason"/> says why.</summary>
    Unavailable,

    /// <summary>No plan was asked for: an up, <c>kopsPlan: off</c>, or a spec that waits for the network.</summary>
    NotRun,
}

/// <summary>One cluster's kops plan: what kops would create, modify and delete in AWS, and whether instances must roll.</summary>
public sealed record KopsPlan(
    KopsPlanStatus Status,
    string? Reason,
    int Creates,
    int Modifies,
    int Deletes,
    bool RollNeeded,
    ImmutableArray<string> Report)
{
    public bool HasChanges => Creates + Modifies + Deletes > 0;

    public static KopsPlan Unavailable(string reason) => new(KopsPlanStatus.Unavailable, reason, 0, 0, 0, false, []);

    public static KopsPlan NotRun(string reason) => new(KopsPlanStatus.NotRun, reason, 0, 0, 0, false, []);

    /// <summary>The summary the stack exports in <c>kopsPlans</c>, for tools.</summary>
    public ImmutableDictionary<string, object> ToOutput()
    {
        var output = ImmutableDictionary<string, object>.Empty
            .Add("status", Status switch
            {
                KopsPlanStatus.Planned => "planned",
                KopsPlanStatus.Unavailable => "unavailable",
                _ => "not-run",
            })
            .Add("creates", Creates)
            .Add("modifies", Modifies)
            .Add("deletes", Deletes)
            .Add("rollNeeded", RollNeeded);
        return Reason is null ? output : output.Add("reason", Reason);
    }
}

/// <summary>When previews ask kops for its plan (<c>kops-platform:kopsPlan</c>).</summary>
public enum KopsPlanMode
{
    /// <summary>Plan where kops and credentials are at hand; elsewhere say why not and go on.</summary>
    Auto,

    /// <summary>Never plan.</summary>
    Off,

    /// <summary>A plan that can't run fails the preview.</summary>
    Required,
}
