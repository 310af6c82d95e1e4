using System.Text.RegularExpressions;

namespace KopsPlatform.Kops;

/// <summary>The checks on a cluster's worker groups, named by the key that holds each one.</summary>
public static partial class NodeGroupRules
{
    /// <summary>EC2 Auto Scaling takes On-Demand above the base as a percentage.</summary>
    private const int MaxPercentage = 100;

    /// <summary>kops's longest InstanceGroup name (a DNS label).</summary>
    private const int MaxNameLength = 63;

    public static void Check(ClusterSettings cluster, string field)
    {
        if (cluster.Nodes is not null && cluster.NodeGroups is not null)
        {
            throw new InvalidInputException(
                $"{field}.nodeGroups",
                $"both {field}.nodes and {field}.nodeGroups are set",
                $"Keep one: move the nodes group into nodeGroups as {{name: {NodeGroup.DefaultName}, ...}}, which renders the same InstanceGroup.");
        }

        if (cluster.NodeGroups is { Count: 0 })
        {
            throw new InvalidInputException($"{field}.nodeGroups", "the list is empty, so the cluster has no workers", "List a group, or remove the key for the default nodes group.");
        }

        var groups = cluster.WorkerGroups();
        for (var i = 0; i < groups.Count; i++)
        {
            var groupField = GroupField(cluster, field, i);
            CheckGroup(groups[i], groupField, cluster.NodeGroups is not null);
            var clash = groups.Take(i).FirstOrDefault(earlier => earlier.Name == groups[i].Name);
            if (clash is not null)
            {
                throw new InvalidInputException(
                    $"{groupField}.name", $"'{groups[i].Name}' names another group of the cluster too", "Give every node group its own name.");
            }
        }
    }

    /// <summary>Once the VPC's zones are known: each group's zones are among them, and per-zone names don't collide.</summary>
    public static void CheckZones(ClusterSettings cluster, IReadOnlyList<string> zones, string field)
    {
        var groups = cluster.WorkerGroups();
        var instanceGroups = new Dictionary<string, int>();
        for (var i = 0; i < groups.Count; i++)
        {
            var groupField = GroupField(cluster, field, i);
            if (groups[i].Zones?.FirstOrDefault(zone => !zones.Contains(zone)) is { } stray)
            {
                throw new InvalidInputException(
                    $"{groupField}.zones", $"{stray} is not one of the VPC's zones", $"Use some of: {string.Join(", ", zones)}.");
            }

            var names = groups[i].PerZone ? (groups[i].Zones ?? zones).Select(zone => $"{groups[i].Name}-{zone}") : [groups[i].Name];
            foreach (var name in names)
            {
                if (name.Length > MaxNameLength)
                {
                    throw new InvalidInputException(
                        $"{groupField}.name", $"the InstanceGroup {name} is longer than {MaxNameLength} characters", "Shorten the group's name.");
                }

                if (!instanceGroups.TryAdd(name, i))
                {
                    throw new InvalidInputException(
                        $"{groupField}.name",
                        $"its InstanceGroup {name} is also one of {field}.nodeGroups[{instanceGroups[name]}]",
                        "Give the groups names that stay distinct with the zone appended.");
                }
            }
        }
    }

    /// <summary>The key that holds worker group <paramref name="index"/>: the <c>nodes</c> block when there are no node groups.</summary>
    private static string GroupField(ClusterSettings cluster, string field, int index) =>
        cluster.NodeGroups is null ? $"{field}.nodes" : $"{field}.nodeGroups[{index}]";

    private static void CheckGroup(NodeGroup group, string field, bool named)
    {
        if (named && (!GroupName().IsMatch(group.Name) || group.Name.StartsWith("control-plane", StringComparison.Ordinal)))
        {
            throw new InvalidInputException(
                $"{field}.name",
                $"'{group.Name}' is not a usable InstanceGroup name",
                "Use lower-case letters, digits and '-', starting with a letter (e.g. workers or spot); control-plane names are kops's.");
        }

        ClusterRules.CheckMachineType(group.MachineType, $"{field}.machineType");
        if (group.Min < 0 || group.Min > group.Max)
        {
            throw new InvalidInputException(field, $"min {group.Min} and max {group.Max} give no valid size", "Use 0 <= min <= max.");
        }

        if (group.Zones is { } zones && (zones.Count == 0 || zones.Distinct().Count() != zones.Count))
        {
            throw new InvalidInputException(
                $"{field}.zones", zones.Count == 0 ? "no zone is listed" : "a zone is listed twice", "List each zone once, or remove the key for every zone.");
        }

        if (group.Spot is { } spot)
        {
            CheckSpot(spot, group.MachineType, $"{field}.spot");
        }

        foreach (var (key, value) in group.Labels)
        {
            if (!LabelKey().IsMatch(key) || !LabelValue().IsMatch(value))
            {
                throw new InvalidInputException(
                    $"{field}.labels",
                    $"'{key}: {value}' is not a Kubernetes label",
                    "Use keys such as team or example.com/tier and values of at most 63 letters, digits, '-', '_' and '.'.");
            }
        }

        if (group.Taints.FirstOrDefault(taint => !Taint().IsMatch(taint)) is { } bad)
        {
            throw new InvalidInputException(
                $"{field}.taints", $"'{bad}' is not a taint", "Write key=value:Effect (or key:Effect), with NoSchedule, PreferNoSchedule or NoExecute.");
        }
    }

    private static void CheckSpot(SpotSettings spot, string machineType, string field)
    {
        if (spot.OnDemandBase < 0)
        {
            throw new InvalidInputException($"{field}.onDemandBase", $"{spot.OnDemandBase} is negative", "Use 0 or more On-Demand instances.");
        }

        if (spot.OnDemandAboveBase is < 0 or > MaxPercentage)
        {
            throw new InvalidInputException(
                $"{field}.onDemandAboveBase", $"{spot.OnDemandAboveBase} is not a percentage", "Use 0 (all Spot above the base) to 100.");
        }

        for (var i = 0; i < spot.InstanceTypes.Count; i++)
        {
            ClusterRules.CheckMachineType(spot.InstanceTypes[i], $"{field}.instanceTypes[{i}]");
            if (spot.InstanceTypes[i] == machineType || spot.InstanceTypes.Take(i).Contains(spot.InstanceTypes[i]))
            {
                throw new InvalidInputException(
                    $"{field}.instanceTypes[{i}]", $"{spot.InstanceTypes[i]} is listed twice (the group's machineType is the first)", "List each other type once.");
            }
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex GroupName();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_./]{0,251}[A-Za-z0-9])?(=[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?:(NoSchedule|PreferNoSchedule|NoExecute)$")]
    private static partial Regex Taint();
}
