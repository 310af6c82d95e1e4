using System.Net;
using KopsPlatform.Network;

namespace KopsPlatform.Kops;

/// <summary>One zone's pair of kops-owned subnets: Private for the instances, Utility for load balancers.</summary>
public sealed record ClusterSubnet(string Zone, IPNetwork Private, IPNetwork Utility)
{
    /// <summary>kops's name for the private subnet: the zone, unless an adopted cluster named it otherwise.</summary>
    public string PrivateName { get; init; } = Zone;

    public string UtilityName { get; init; } = $"utility-{Zone}";
}

/// <summary>
/// Carves a cluster's subnets out of the VPC's free range. The range holds <see cref="ClusterRules.SlotCount"/>
/// slots; in its slot a cluster gets, per zone i, the i-th private block from the slot's first half and the i-th
/// utility block from the fifth eighth. For a /16 VPC: /19 slots, /22 private and /24 utility subnets.
/// Everything depends only on the slot and the zone index, so nothing moves when clusters or zones are added.
/// </summary>
public static class ClusterSubnetPlan
{
    private const int SlotPrefixOffset = 2;
    private const int PrivatePrefixOffset = SlotPrefixOffset + 3;
    private const int UtilityPrefixOffset = SlotPrefixOffset + 5;
    private const int UtilityBlockIndex = 4;

    /// <summary>AWS's smallest subnet is a /28, so the free range may be at most a /21.</summary>
    /// <summary>The smallest utility subnet: AWS load balancers need a /27 in each of their subnets.</summary>
    public const int MaxUtilityPrefixLength = 27;

    public const int MaxFreeRangePrefixLength = MaxUtilityPrefixLength - UtilityPrefixOffset;

    /// <summary>Refuses a VPC whose free range would give its clusters utility subnets too small for load balancers.</summary>
    public static void CheckRoomForLoadBalancers(IPNetwork vpc, IPNetwork freeRange, string field)
    {
        if (freeRange.PrefixLength > MaxFreeRangePrefixLength)
        {
            throw new InvalidInputException(
                field,
                $"the free range {freeRange} of the VPC {vpc} leaves its clusters /{freeRange.PrefixLength + UtilityPrefixOffset} utility subnets, smaller than the /{MaxUtilityPrefixLength} AWS load balancers need",
                $"Use a /{MaxFreeRangePrefixLength - 1} or larger VPC for a stack with clusters.");
        }
    }

    public static IReadOnlyList<ClusterSubnet> Create(IPNetwork vpc, IPNetwork freeRange, int slot, IReadOnlyList<string> zones, string field)
    {
        if (vpc.PrefixLength is < AddressPlan.MinPrefixLength or > AddressPlan.MaxPrefixLength)
        {
            throw new InvalidInputException(
                field, $"the VPC {vpc} is not a four-tier VPC", $"Use a /{AddressPlan.MinPrefixLength} to /{AddressPlan.MaxPrefixLength} VPC from the Vpc component.");
        }

        if (!Ipv4.Within(freeRange, vpc))
        {
            throw new InvalidInputException(
                field, $"the free range {freeRange} is not inside the VPC {vpc}", "Pass the VPC's own clusterCidr output.");
        }

        CheckRoomForLoadBalancers(vpc, freeRange, field);

        if (zones.Count > AddressPlan.MaxZones)
        {
            throw new InvalidInputException(field, $"{zones.Count} zones given", $"A slot holds subnets for at most {AddressPlan.MaxZones} zones.");
        }

        var slotBlock = SlotBlock(freeRange, slot);
        var utilityBlock = Ipv4.Subnet(slotBlock, freeRange.PrefixLength + PrivatePrefixOffset, UtilityBlockIndex);
        var subnets = zones
            .Select((zone, index) => new ClusterSubnet(
                zone,
                Ipv4.Subnet(slotBlock, freeRange.PrefixLength + PrivatePrefixOffset, index),
                Ipv4.Subnet(utilityBlock, freeRange.PrefixLength + UtilityPrefixOffset, index)))
            .ToArray();

        // The free range is only trusted as far as it is checked: it may come from another stack.
        CheckClearOfTiers(vpc, subnets, field, "Pass the VPC's own clusterCidr output as the free range.");
        return subnets;
    }

    /// <summary>The quarter of the free range a slot holds: every subnet of a slot's cluster lies in it.</summary>
    public static IPNetwork SlotBlock(IPNetwork freeRange, int slot) => Ipv4.Subnet(freeRange, freeRange.PrefixLength + SlotPrefixOffset, slot);

    /// <summary>Refuses a cluster subnet that overlaps one of the VPC's four tiers.</summary>
    internal static void CheckClearOfTiers(IPNetwork vpc, IEnumerable<ClusterSubnet> subnets, string field, string fix)
    {
        var tiers = AddressPlan.Create(vpc, AddressPlan.MaxZones).Tiers;
        var clash = subnets
            .SelectMany(subnet => new[] { subnet.Private, subnet.Utility })
            .SelectMany(block => tiers.Where(tier => Ipv4.Overlaps(block, tier.Block)).Select(tier => (block, tier)))
            .FirstOrDefault();
        if (clash.tier is not null)
        {
            throw new InvalidInputException(
                field, $"subnet {clash.block} overlaps the VPC's {clash.tier.Tier.TagValue()} tier {clash.tier.Block}", fix);
        }
    }
}
