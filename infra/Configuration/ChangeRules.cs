using System.Net;
using KopsPlatform.Kops;
using KopsPlatform.Network;
using KopsPlatform.Platform;

namespace KopsPlatform.Infra.Configuration;

/// <summary>
/// Changes to a running platform that kops can't make, or that would rebuild the network under running clusters.
/// kops stores a new spec before it finds out it can't apply it, and reverting the config then gives Pulumi nothing to
/// do, so these are refused at preview, against what the last successful up recorded (<see cref="PreviousDeployment"/>).
/// </summary>
public static class ChangeRules
{
    public static void Check(PlatformConfig config, PreviousDeployment previous)
    {
        for (var i = 0; i < config.Clusters.Count; i++)
        {
            var cluster = config.Clusters[i];
            var field = ConfigReader.KeyOf(PlatformConfig.ClustersKey, $"[{i}]");
            if (previous.ClusterNames.Contains(cluster.Name))
            {
                CheckIrsa(cluster, previous.Clusters.GetValueOrDefault(cluster.Name)?.Irsa ?? false, $"{field}.irsa");
            }

            if (previous.Clusters.TryGetValue(cluster.Name, out var was))
            {
                CheckCluster(cluster, was, field);
            }
            else
            {
                CheckAddressesAreFree(cluster, config, previous, field);
            }
        }

        CheckRemovals(config, previous);

        // A network read from another stack is that stack's to change. A protected network may carry the clusters
        // of other stacks (split deployment), which this stack can't see.
        if (config.NetworkStack is null && (previous.ClusterNames.Count > 0 || config.Protect))
        {
            CheckNetwork(config, previous);
        }
    }

    /// <summary>
    /// Pulumi runs the delete step stored at a cluster's last successful up: unless that up allowed it, the up that
    /// removes the cluster would fail at its very end, after everything else changed. A stack from before the records
    /// even stored a delete step that deletes unasked, so removing one of its clusters is refused too.
    /// </summary>
    private static void CheckRemovals(PlatformConfig config, PreviousDeployment previous)
    {
        var removed = previous.ClusterNames
            .Where(name => !config.Clusters.Any(cluster => cluster.Name == name))
            .Where(name => previous.Clusters.GetValueOrDefault(name)?.AllowDelete != true)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        if (removed is not null)
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(PlatformConfig.ClustersKey),
                $"{removed} is no longer listed, which deletes the cluster, but its last up did not allow that",
                $"Put {removed} back with allowDelete: true and run pulumi up; then remove it (renaming a cluster removes it too).");
        }
    }

    /// <summary>
    /// IRSA changes the issuer of every service-account token: pods holding tokens of the old issuer fail until they
    /// restart, and every IAM trust policy names the issuer. kops documents that move as a manual migration.
    /// </summary>
    private static void CheckIrsa(ClusterSettings cluster, bool was, string field)
    {
        if (cluster.Irsa is { } irsa && irsa != was)
        {
            throw new InvalidInputException(
                field,
                $"{cluster.Name} runs with IRSA {(was ? "on" : "off")}, and switching it changes the issuer of every service-account token",
                $"Keep irsa: {(was ? "true" : "false")} (or leave it out). To switch, follow kops's service-account issuer migration by hand, or build a new cluster.");
        }
    }

    private static void CheckCluster(ClusterSettings cluster, ClusterRecord was, string field)
    {
        CheckAddressesKept(cluster, was, field);

        if (cluster.ControlPlane.Count < was.ControlPlaneCount)
        {
            throw new InvalidInputException(
                $"{field}.controlPlane.count",
                $"{cluster.Name} runs {was.ControlPlaneCount} control-plane instances, and kops can't remove etcd members",
                $"Keep {was.ControlPlaneCount}. A smaller control plane means a new cluster.");
        }

        if (!string.Equals(cluster.ApiLoadBalancer.ToString(), was.ApiLoadBalancer, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(
                $"{field}.apiLoadBalancer",
                $"{cluster.Name}'s API load balancer is {was.ApiLoadBalancer.ToLowerInvariant()}, and switching it is a manual kops procedure, not an update",
                $"Keep {was.ApiLoadBalancer.ToLowerInvariant()}. For the other kind, build a new cluster in a free slot.");
        }

        CheckUpgrade(cluster, was, $"{field}.kubernetesVersion");
    }

    /// <summary>Kubernetes moves one minor at a time, forwards, control plane first.</summary>
    private static void CheckUpgrade(ClusterSettings cluster, ClusterRecord was, string field)
    {
        // The recorded version may lie outside what this release supports: it still says where the cluster is.
        if (!Version.TryParse(was.KubernetesVersion.TrimStart('v'), out var from))
        {
            return;
        }

        var to = ClusterRules.ParseKubernetesVersion(cluster.KubernetesVersion, field);
        if (to.Minor < from.Minor)
        {
            throw new InvalidInputException(
                field,
                $"{cluster.Name} runs Kubernetes {from}, and Kubernetes can't be downgraded to {to.Major}.{to.Minor}",
                $"Keep 1.{from.Minor}.x.");
        }

        if (to.Minor > from.Minor + 1)
        {
            throw new InvalidInputException(
                field,
                $"{from} to {to} skips 1.{from.Minor + 1}, and Kubernetes upgrades one minor version at a time",
                $"Upgrade to 1.{from.Minor + 1} first and run pulumi up, then to 1.{to.Minor}.");
        }

        if (to.Minor == from.Minor + 1 && !cluster.RollingUpdate)
        {
            throw new InvalidInputException(
                field,
                $"upgrading {cluster.Name} from 1.{from.Minor} to 1.{to.Minor} with rollingUpdate off would start nodes newer than their control plane",
                "Set rollingUpdate: true for this change (kops reconcile rolls the control plane first, then the nodes); set it back afterwards if you like.");
        }
    }

    /// <summary>kops can't move a subnet to other addresses, or rename it: a cluster keeps its slot, or its adopted subnets, for life.</summary>
    private static void CheckAddressesKept(ClusterSettings cluster, ClusterRecord was, string field)
    {
        const string move = "To move the cluster, build a new one in a free slot and then delete this one (allowDelete).";
        var now = ClusterRecord.Of(cluster);
        if (was.Subnets is null && now.Slot != was.Slot)
        {
            throw new InvalidInputException(
                now.Slot is null ? $"{field}.subnets" : $"{field}.slot",
                $"{cluster.Name} was built in slot {was.Slot}, and kops can't move a subnet to other addresses",
                $"Put slot {was.Slot} back{(now.Slot is null ? " instead of subnets" : "")}. {move}");
        }

        if (was.Subnets is { } subnets && !(now.Subnets is { } kept && kept.SequenceEqual(subnets)))
        {
            throw new InvalidInputException(
                now.Subnets is null ? $"{field}.slot" : $"{field}.subnets",
                $"{cluster.Name} runs in the subnets [{string.Join("; ", subnets)}], and kops can't move or rename a subnet",
                $"Put its subnets back as they were, in that order{(now.Subnets is null ? ", instead of a slot" : "")}. {move}");
        }
    }

    /// <summary>Pulumi deletes a removed cluster at the very end of an up: until then its subnets still hold their addresses.</summary>
    private static void CheckAddressesAreFree(ClusterSettings cluster, PlatformConfig config, PreviousDeployment previous, string field)
    {
        var newcomer = ClusterRecord.Of(cluster);
        var vpcCidr = config.Vpc?.CidrBlock ?? previous.VpcCidr;
        var freeRange = vpcCidr is null ? (IPNetwork?)null : AddressPlan.Create(IPNetwork.Parse(vpcCidr), 1).ClusterRange;
        var leaving = previous.Clusters
            .Where(entry => !config.Clusters.Any(c => c.Name == entry.Key))
            .FirstOrDefault(entry => newcomer.Slot is { } slot && entry.Value.Slot == slot
                || Held(newcomer, freeRange).Any(block => Held(entry.Value, freeRange).Any(other => Ipv4.Overlaps(block, other))));
        if (leaving.Key is null)
        {
            return;
        }

        throw newcomer.Slot is { } taken
            ? new InvalidInputException(
                $"{field}.slot",
                $"slot {taken} still holds {leaving.Key}, which this up would delete only after building {cluster.Name}",
                $"Use a free slot, or remove {leaving.Key} in an up of its own first.")
            : new InvalidInputException(
                $"{field}.subnets",
                $"{leaving.Key} still holds addresses these subnets use, and this up would delete it only after building {cluster.Name}",
                $"Remove {leaving.Key} in an up of its own first.");
    }

    /// <summary>The blocks a cluster's record holds: its adopted subnets', or its slot's (when the VPC's block is known).</summary>
    private static IEnumerable<IPNetwork> Held(ClusterRecord record, IPNetwork? freeRange) =>
        record.Subnets is not null
            ? record.SubnetBlocks()
            : record.Slot is { } slot && freeRange is { } range ? [ClusterSubnetPlan.SlotBlock(range, slot)] : [];

    private static void CheckNetwork(PlatformConfig config, PreviousDeployment previous)
    {
        var running = previous.ClusterNames.Count > 0
            ? string.Join(", ", previous.ClusterNames.Order(StringComparer.Ordinal))
            : "those of the stacks that use this protected network";
        var vpc = config.Vpc!;
        if (previous.NetworkName is { } name && name != config.NetworkName)
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(NetworkConfig.Key, "name"),
                $"renaming the network from {name} replaces the VPC and everything in it, under the running clusters ({running})",
                $"Put name {name} back.");
        }

        if (previous.VpcCidr is { } cidr && cidr != vpc.CidrBlock)
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(NetworkConfig.Key, "cidr"),
                $"the VPC's block {cidr} can't change under the running clusters ({running})",
                $"Put cidr {cidr} back. A new block means a new network, and clusters built in it.");
        }

        if (previous.AvailabilityZones is { } zones
            && !(vpc.AvailabilityZones.Count >= zones.Count && vpc.AvailabilityZones.Take(zones.Count).SequenceEqual(zones)))
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(NetworkConfig.Key, "availabilityZones"),
                $"[{string.Join(", ", vpc.AvailabilityZones)}] were [{string.Join(", ", zones)}]: zone i holds every tier's i-th subnet, so reordering, removing or inserting a zone rebuilds subnets under the running clusters ({running})",
                $"Keep [{string.Join(", ", zones)}] in that order, and add new zones at the end.");
        }
    }
}
