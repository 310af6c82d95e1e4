using System.Net;
using KopsPlatform.Network;

namespace KopsPlatform.Kops;

/// <summary>
/// Where a cluster's subnets lie in the VPC: in its slot of the free range, or where its explicit
/// <see cref="ClusterSettings.Subnets"/> say (an adopted cluster), and that no two clusters' addresses meet.
/// </summary>
public static class ClusterAddresses
{
    /// <summary>The zones the cluster runs in: all the VPC's for a slot, the listed subnets' (in their order) otherwise.</summary>
    public static IReadOnlyList<string> Zones(ClusterSettings cluster, IReadOnlyList<string> vpcZones) =>
        cluster.Subnets is { } subnets ? [.. subnets.Select(subnet => subnet.Zone)] : vpcZones;

    /// <param name="field">The cluster's full key; the VPC values are named <c>field.clusterCidr</c>, the subnets <c>field.subnets</c>.</param>
    public static IReadOnlyList<ClusterSubnet> Subnets(ClusterSettings cluster, IPNetwork vpc, IPNetwork freeRange, IReadOnlyList<string> vpcZones, string field)
    {
        // ClusterRules.Check has made sure that a cluster without subnets has a slot.
        if (cluster.Subnets is null)
        {
            return ClusterSubnetPlan.Create(vpc, freeRange, cluster.Slot!.Value, vpcZones, $"{field}.clusterCidr");
        }

        var subnetsField = $"{field}.subnets";
        var subnets = ExplicitSubnets.Parse(cluster.Subnets, subnetsField);
        for (var i = 0; i < subnets.Count; i++)
        {
            foreach (var (block, key) in new[] { (subnets[i].Private, "privateCidr"), (subnets[i].Utility, "utilityCidr") })
            {
                if (!Ipv4.Within(block, freeRange))
                {
                    throw new InvalidInputException(
                        $"{subnetsField}[{i}].{key}",
                        $"{block} lies outside the VPC's free range {freeRange}",
                        "kops subnets belong in the free range, clear of the four tiers; give the block the cluster's subnet has there.");
                }
            }
        }

        // The free range may come from another stack: it is only trusted as far as it is checked.
        ClusterSubnetPlan.CheckClearOfTiers(vpc, subnets, subnetsField, "Give the cluster's subnets blocks in the VPC's free range.");
        return subnets;
    }

    /// <summary>
    /// Every explicit subnet lies in the free range, and clear of every other cluster's: a slot holds its whole
    /// quarter of the range, an adopted cluster each of its subnets. (Two slots only meet when equal, which
    /// <see cref="ClusterRules.CheckTogether"/> refuses without the VPC.)
    /// </summary>
    public static void CheckTogether(
        IReadOnlyList<ClusterSettings> clusters, IPNetwork vpc, IPNetwork freeRange, IReadOnlyList<string> vpcZones, Func<int, string> fieldOf)
    {
        var held = new List<(int Cluster, IPNetwork Block, string Key)>();
        for (var i = 0; i < clusters.Count; i++)
        {
            var field = fieldOf(i);
            var blocks = clusters[i].Subnets is null
                ? [(ClusterSubnetPlan.SlotBlock(freeRange, clusters[i].Slot!.Value), $"{field}.slot")]
                : Subnets(clusters[i], vpc, freeRange, vpcZones, field)
                    .SelectMany((subnet, k) => new[] { (subnet.Private, $"{field}.subnets[{k}].privateCidr"), (subnet.Utility, $"{field}.subnets[{k}].utilityCidr") });
            foreach (var (block, key) in blocks)
            {
                var clash = held.FirstOrDefault(other =>
                    (clusters[i].Subnets is not null || clusters[other.Cluster].Subnets is not null) && Ipv4.Overlaps(block, other.Block));
                if (clash.Key is not null)
                {
                    throw new InvalidInputException(
                        key,
                        $"{block} overlaps {clash.Block}, which {clusters[clash.Cluster].Name} holds ({clash.Key})",
                        "Clusters never share addresses: give each its own slot, or adopted subnets clear of the others.");
                }

                held.Add((i, block, key));
            }
        }
    }
}
