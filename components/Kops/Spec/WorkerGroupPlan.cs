namespace KopsPlatform.Kops.Spec;

/// <summary>One worker InstanceGroup: a node group, or one zone of a per-zone node group.</summary>
public sealed record WorkerGroup(string Name, NodeGroup Settings, IReadOnlyList<string> Zones);

/// <summary>The InstanceGroups a cluster's node groups become.</summary>
public static class WorkerGroupPlan
{
    /// <param name="zones">The cluster's zones, in order: a group without zones of its own spans them all.</param>
    public static IReadOnlyList<WorkerGroup> Expand(ClusterSettings cluster, IReadOnlyList<string> zones) =>
        cluster.WorkerGroups()
            .SelectMany(group =>
            {
                var groupZones = group.Zones ?? zones;
                return group.PerZone
                    ? groupZones.Select(zone => new WorkerGroup($"{group.Name}-{zone}", group, [zone]))
                    : [new WorkerGroup(group.Name, group, groupZones)];
            })
            .ToList();
}
